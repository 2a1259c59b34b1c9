//! UTS namespaces (uts_namespaces(7)): hostname and NIS domain name.

use serde::{Deserialize, Serialize};

use super::capability::CAP_SYS_ADMIN;
use super::errno::{Errno, SysResult};
use super::kernel::Kernel;
use super::task::TaskId;

/// `__NEW_UTS_LEN`: sethostname(2) "EINVAL: len is negative or larger than
/// the maximum allowed size" (64 bytes). Checked on 6.18: a 65-byte name
/// gives EINVAL.
pub const NEW_UTS_LEN: usize = 64;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UtsNamespace {
    pub nodename: Vec<u8>,
    pub domainname: Vec<u8>,
}

impl UtsNamespace {
    pub fn new(nodename: &[u8], domainname: &[u8]) -> UtsNamespace {
        UtsNamespace {
            nodename: nodename.to_vec(),
            domainname: domainname.to_vec(),
        }
    }
}

/// What uname(2) returns (the namespaced fields and the fixed ones).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Utsname {
    pub sysname: String,
    pub nodename: String,
    pub release: String,
    pub machine: String,
    pub domainname: String,
}

/// The release the model imitates.
pub const MODEL_RELEASE: &str = "6.18.0-ctlab";

impl Kernel {
    /// sethostname(2): needs CAP_SYS_ADMIN in the user namespace owning the
    /// caller's UTS namespace (EPERM); the length is checked first (EINVAL),
    /// as in kernel/sys.c.
    pub fn sethostname(&mut self, caller: TaskId, name: &[u8]) -> SysResult<()> {
        self.set_uts_field(caller, name, true)
    }

    /// setdomainname(2): same rules as sethostname(2).
    pub fn setdomainname(&mut self, caller: TaskId, name: &[u8]) -> SysResult<()> {
        self.set_uts_field(caller, name, false)
    }

    fn set_uts_field(&mut self, caller: TaskId, name: &[u8], host: bool) -> SysResult<()> {
        self.enter(if host { "sethostname" } else { "setdomainname" }, caller);
        let t = self.caller(caller)?;
        let uts = t.nsproxy.as_ref().expect("live task").uts;
        if name.len() > NEW_UTS_LEN {
            return Err(Errno::EINVAL);
        }
        if !self.ns_capable(caller, self.ns_owner(uts), CAP_SYS_ADMIN) {
            return Err(Errno::EPERM);
        }
        let u = self.uts_ns_mut(uts);
        if host {
            u.nodename = name.to_vec();
        } else {
            u.domainname = name.to_vec();
        }
        Ok(())
    }

    /// uname(2) as the caller sees it.
    pub fn uname(&mut self, caller: TaskId) -> SysResult<Utsname> {
        self.enter("uname", caller);
        let t = self.caller(caller)?;
        let u = self.uts_ns(t.nsproxy.as_ref().expect("live task").uts);
        Ok(Utsname {
            sysname: "Linux".into(),
            nodename: String::from_utf8_lossy(&u.nodename).into_owned(),
            release: MODEL_RELEASE.into(),
            machine: "x86_64".into(),
            domainname: String::from_utf8_lossy(&u.domainname).into_owned(),
        })
    }
}
