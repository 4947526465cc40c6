package io.github.aicpulaunch.adapter.cann;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.github.aicpulaunch.ports.out.CannPorts;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * P13/F35: a framework in the process (torch_npu, say) initialised ACL before aicpu-launch. Our
 * aclInit gets ACL_ERROR_REPEAT_INITIALIZE, which is benign; at shutdown we reset the devices we
 * attached but leave aclFinalize to the owner of ACL.
 */
class ForeignAclInitContractTest {
  /** The framework's own view of libascendcl.so. */
  interface Framework extends Library {
    int aclInit(@Nullable String configPath);
  }

  @Test
  @DisplayName("F35: a repeated aclInit is tolerated, and the owner of ACL finalizes it")
  void anotherOwnerOfAcl() {
    Standin standin = Standin.variant("full");
    Framework framework =
        Native.load(standin.home.resolve("lib64/libascendcl.so").toString(), Framework.class);
    assertThat(framework.aclInit(null)).isZero();
    CannPorts ports =
        CannAdapter.load(CannOptions.explicitOnly().withAscendHome(standin.home)).ports();
    standin.control.standin_reset();
    ports.devices().setDevice(0);
    ports.memory().free(ports.memory().malloc(8));
    AclProcess.finalizeProcess();

    assertThat(standin.calls())
        .containsExactly(
            "aclInit config=null rc=100002 reason=aclInit was already called",
            "rtSetDevice device=0 rc=0",
            "aclrtMalloc size=8 policy=0 -> M1 rc=0",
            "aclrtFree ptr=M1 rc=0",
            "aclrtResetDevice device=0 rc=0");
  }
}
