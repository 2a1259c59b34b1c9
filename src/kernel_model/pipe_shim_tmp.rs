use super::{Errno, Kernel, SysResult, TaskId};
impl Kernel {
    pub fn pipe2(&mut self, _caller: TaskId, _flags: u32) -> SysResult<(i32, i32)> {
        Err(Errno::ENOSYS)
    }
}
