//! Network namespaces (network_namespaces(7)), reduced to what this stage
//! needs: each has its own loopback device, DOWN in a new namespace
//! ("a new network namespace has only a loopback device, which is down").
//! Full networking comes with the networking issue.

use serde::{Deserialize, Serialize};

use super::capability::CAP_NET_ADMIN;
use super::errno::{Errno, SysResult};
use super::kernel::Kernel;
use super::task::TaskId;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetDevice {
    pub ifindex: u32,
    pub name: String,
    /// IFF_UP.
    pub up: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetNamespace {
    pub devices: Vec<NetDevice>,
}

impl NetNamespace {
    /// The initial namespace: `lo` is up (the host's init system raised it).
    pub fn init() -> NetNamespace {
        NetNamespace {
            devices: vec![NetDevice {
                ifindex: 1,
                name: "lo".into(),
                up: true,
            }],
        }
    }

    /// A new namespace: only `lo`, ifindex 1, DOWN.
    pub fn new_empty() -> NetNamespace {
        NetNamespace {
            devices: vec![NetDevice {
                ifindex: 1,
                name: "lo".into(),
                up: false,
            }],
        }
    }
}

impl Kernel {
    /// `ip link set DEV up|down` (an RTM_NEWLINK request): needs
    /// CAP_NET_ADMIN in the user namespace owning the caller's network
    /// namespace (EPERM); an unknown name is ENODEV.
    pub fn set_link_up(&mut self, caller: TaskId, ifname: &str, up: bool) -> SysResult<()> {
        self.enter("ioctl", caller);
        let net = self.caller(caller)?.nsproxy.as_ref().expect("live").net;
        if !self.net_ns(net).devices.iter().any(|d| d.name == ifname) {
            return Err(Errno::ENODEV);
        }
        if !self.ns_capable(caller, self.ns_owner(net), CAP_NET_ADMIN) {
            return Err(Errno::EPERM);
        }
        for d in &mut self.net_ns_mut(net).devices {
            if d.name == ifname {
                d.up = up;
            }
        }
        Ok(())
    }
}
