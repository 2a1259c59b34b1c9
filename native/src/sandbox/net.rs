//! The sandbox's network namespace: a new one has only `lo`, down
//! (network_namespaces(7)); a container runtime raises it, and so does the
//! model's initial world, where `lo` is up.

use std::io;

/// `ip link set lo up`, as SIOCGIFFLAGS/SIOCSIFFLAGS on any socket of the
/// namespace (netdevice(7)).
pub fn loopback_up() -> io::Result<()> {
    // SAFETY: plain syscalls on a zeroed ifreq this function owns.
    unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0);
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        let mut req: libc::ifreq = std::mem::zeroed();
        for (d, s) in req.ifr_name.iter_mut().zip(b"lo\0") {
            *d = *s as libc::c_char;
        }
        let mut r = libc::ioctl(fd, libc::SIOCGIFFLAGS, &mut req);
        if r == 0 {
            req.ifr_ifru.ifru_flags |= libc::IFF_UP as libc::c_short;
            r = libc::ioctl(fd, libc::SIOCSIFFLAGS, &req);
        }
        let e = io::Error::last_os_error();
        libc::close(fd);
        if r != 0 {
            return Err(io::Error::other(format!("ip link set lo up: {e}")));
        }
    }
    Ok(())
}
