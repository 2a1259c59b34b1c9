//! Differential check against Linux 6.18: 1000 random operations (four
//! runs of 250) on a fresh tmpfs, recorded on this machine's kernel by a
//! python3 script (`os` module; as root, inside `unshare --mount
//! --propagation private`, chrooted into the fresh tmpfs, umask 022), are
//! replayed on the model; every result must be identical: "OK", the errno
//! name, `stat` as "mode(octal) nlink size ino blocks", `ls` as the
//! getdents order, `chdir` as the new getcwd, `readlink` as the target.
//! The script draws ops from mkdir, rmdir, unlink, rename, link (no follow),
//! symlink, open (r, w, w|creat, w|creat|excl, r|directory, r|nofollow,
//! w|creat|trunc), stat, lstat, readlink, ls, append-write, chmod, chdir on
//! a small set of relative and absolute names with ".", "..", trailing slashes and
//! symlinks, so most errno paths of path resolution are exercised.

use ctlab::kernel_model::Errno;
use ctlab::kernel_model::NsId;
use ctlab::kernel_model::vfs::*;

const NS: NsId = NsId(4026531832);

/// Recorded on Linux 6.18 (tmpfs), `op args => result`.
const RECORDED: &str = r#"unlink /a => ENOENT
symlink a/ a/b => ENOENT
ls a/b/ => ENOENT
lstat a/b/c => ENOENT
write a hello => ENOENT
mkdir a//b => ENOENT
symlink /a / => EEXIST
rmdir a/l => ENOENT
mkdir a => OK
chdir a => /a
rename a/.. / => ENOENT
mkdir zz/a => ENOENT
ls a/b/ => ENOENT
link . l => EPERM
link b/ l/a => ENOENT
mkdir a/.. => ENOENT
rmdir b/a => ENOENT
open a/b wc => ENOENT
chmod a/.. 700 => ENOENT
open l/a wce => ENOENT
chmod .. 755 => OK
write l hello => ENOENT
readlink l/ => ENOENT
stat m/x => ENOENT
stat c => ENOENT
chmod a/b 4755 => ENOENT
lstat . => 40755 2 40 2 0
mkdir a/b/ => ENOENT
open a//b rd => ENOENT
lstat /../b => ENOENT
rename zz/a l => ENOENT
mkdir a/b/c => ENOENT
chdir l => ENOENT
chmod . 1777 => OK
ls m => ENOENT
chdir /l/.. => ENOENT
mkdir .. => EEXIST
chmod a/c 4755 => ENOENT
rename a/.. b => ENOENT
write . 0123456789 => EISDIR
rename zz/a a/.. => ENOENT
write . hello => EISDIR
mkdir m/x => ENOENT
open b/ r => ENOENT
link /../b b/a => ENOENT
chdir /a => /a
mkdir m/x => ENOENT
mkdir l/ => OK
mkdir a => OK
mkdir m => OK
symlink c a/b => OK
stat l/a => ENOENT
rename b/a m => ENOENT
chmod b/a 1777 => ENOENT
open b/ wc => EISDIR
write a/b/ x => ENOENT
open .. wce => EEXIST
rename m a/b => ENOTDIR
symlink .. / => EEXIST
readlink a => EINVAL
mkdir .. => EEXIST
mkdir / => EEXIST
ls a//b => ENOENT
readlink m/x => ENOENT
chmod b/ 4755 => ENOENT
mkdir .. => EEXIST
open l/ wce => EISDIR
mkdir / => EEXIST
unlink a/b/c => ENOENT
open c wc => OK
open / wce => EEXIST
symlink . a/c => OK
mkdir /a => EEXIST
ls b/a => ENOENT
chmod b 700 => ENOENT
stat a/b => 40755 2 80 4 0
readlink /a => EINVAL
write a/b hello => EISDIR
open zz/a r => ENOENT
open /l/.. wc => ENOENT
mkdir b/a => ENOENT
open /a wc => EISDIR
readlink a/b/c => .
rmdir .. => ENOTEMPTY
stat l/ => 40755 2 40 3 0
write m/x x => ENOENT
mkdir c => EEXIST
rename b/a m/x => ENOENT
rename m a/l => OK
chmod m 1777 => ENOENT
open a/b w => EISDIR
write a/c 0123456789 => EISDIR
rmdir a/l => OK
readlink c => EINVAL
unlink a/c => OK
rmdir /l/.. => ENOENT
lstat c => 100644 1 0 7 0
chdir l => /a/l
mkdir m => OK
open /a r => OK
ls m => 
mkdir l/a => ENOENT
mkdir c => OK
rmdir b => ENOENT
link /a a/.. => ENOENT
rename a/b b/ => ENOENT
rename l/ l => ENOENT
rename / a/b => ENOENT
readlink .. => EINVAL
open m/x rnf => ENOENT
write a/l x => ENOENT
open b r => ENOENT
open / wc => EISDIR
ls .. => c a l
lstat c => 40755 2 40 10 0
open /l/.. r => ENOENT
symlink a/ a/b/c => ENOENT
chdir a//b => ENOENT
stat m => 40755 2 40 9 0
chdir a/b/c => ENOENT
rename l . => EBUSY
mkdir m => EEXIST
ls c => 
open l wc => OK
mkdir a/l => ENOENT
open /a w => EISDIR
open a/b rd => ENOENT
mkdir l => EEXIST
mkdir l => EEXIST
mkdir m => EEXIST
mkdir / => EEXIST
mkdir /../b => OK
open . wce => EEXIST
unlink a/b => ENOENT
open c rnf => OK
rename b/a a/c => ENOENT
unlink a/l => ENOENT
rmdir a//b => ENOENT
open a/c w => ENOENT
chdir / => /
open /l/.. rd => ENOENT
rename b/a l/a => ENOENT
readlink m/x => ENOENT
mkdir a//b => OK
link m c => ENOENT
ls a/.. => b a
symlink . m/x => ENOENT
ls a => b c a l
open b/a wce => OK
mkdir /../b => EEXIST
mkdir b => EEXIST
stat /a => 41777 5 120 2 0
unlink a/c => OK
symlink l .. => EEXIST
rename /l/.. c => ENOENT
link a/b/ a => EEXIST
rename zz/a a/l => ENOENT
chmod /../b 700 => OK
link a/l a/b/ => EEXIST
write l hello => ENOENT
open m/x rnf => ENOENT
symlink a /../b => EEXIST
mkdir zz/a => ENOENT
stat b/a => 100644 1 0 14 0
rename l/a l/a => ENOENT
open m/x w => ENOENT
ls /l/.. => ENOENT
rmdir /l/.. => ENOENT
lstat b/a => 100644 1 0 14 0
symlink /a a/.. => EEXIST
mkdir a/b/ => EEXIST
lstat a//b => 40755 2 40 13 0
stat .. => 40755 4 80 1 0
rename m/x / => ENOENT
mkdir zz/a => ENOENT
symlink a/b /../b => EEXIST
mkdir a/c => OK
mkdir b/ => EEXIST
lstat a/.. => 40755 4 80 1 0
rename a/l b/ => ENOTEMPTY
unlink /l/.. => ENOENT
rename a/b a/.. => EBUSY
chdir a/.. => /
open m wce => OK
chdir a => /a
chmod b/ 755 => OK
mkdir /../b => EEXIST
link m a/b/c => ENOENT
rename l/a a/c => ENOENT
chdir a/b/c => ENOENT
open /a wct => EISDIR
ls b/a => ENOENT
stat a/b/ => ENOENT
rmdir a/b/c => ENOENT
lstat a/b/c => ENOENT
rmdir a => ENOTEMPTY
mkdir m/x => ENOENT
unlink c => EISDIR
stat /a => 41777 6 120 2 0
readlink zz/a => ENOENT
stat zz/a => ENOENT
mkdir a/b => EEXIST
ls . => c b a l
chdir .. => /
write a/b hello => EISDIR
lstat a/b/c => ENOENT
mkdir m => EEXIST
chmod a/b/c 4755 => ENOENT
chmod a/.. 1777 => OK
rename b/ /l/.. => ENOENT
chmod a/b/c 4755 => ENOENT
mkdir l/ => OK
readlink .. => EINVAL
mkdir a/b/ => EEXIST
link /../b /../b => EEXIST
open /../b wce => EEXIST
unlink /../b => EISDIR
symlink a/ b/a => EEXIST
mkdir . => EEXIST
readlink l/ => EINVAL
open a/c wct => EISDIR
symlink m a/b/ => EEXIST
chmod b 4755 => OK
rmdir / => EBUSY
readlink c => ENOENT
mkdir l/ => EEXIST
mkdir b/a => EEXIST
rename a//b c => OK
lstat /../b => 44755 2 60 12 0
symlink .. /l/.. => EEXIST
chmod a/b/c 1777 => ENOENT
symlink l/a c => EEXIST
chmod l/ 644 => OK
chmod m/x 755 => ENOTDIR
rename l/a /../b => ENOENT
chdir m => ENOTDIR
link .. m/x => ENOTDIR
lstat b/a => 100644 1 0 14 0
symlink l/a /l/.. => EEXIST
link m /l/.. => EEXIST
link l/ a => EEXIST
lstat a/l => 40755 4 100 3 0
link m a/b/c => ENOENT
mkdir /../b => EEXIST
rename /a b/ => ENOTEMPTY
unlink /l/.. => EISDIR
ls zz/a => ENOENT
unlink a/c => EISDIR
ls . => c l m b a
lstat l => 40644 2 40 17 0
mkdir c => OK
stat b/a => ENOENT
open m w => ENOENT
mkdir /a => OK
rename a/.. /../b => EBUSY
lstat / => 41777 4 80 1 0
stat m/x => ENOENT
chmod m 755 => ENOENT
stat b/ => ENOENT
lstat a/.. => 41777 4 80 1 0
rename m/x b/a => ENOENT
link l a => ENOENT
rename a/l b/a => ENOENT
unlink zz/a => ENOENT
stat zz/a => ENOENT
chdir b/a => ENOENT
readlink / => EINVAL
stat /a => 40755 2 40 3 0
stat b/ => ENOENT
lstat a//b => ENOENT
ls /../b => ENOENT
link a/b/ m => ENOENT
write zz/a hello => ENOENT
ls b/ => ENOENT
chdir / => /
write l/ hello => ENOENT
rename /l/.. m => ENOENT
write l/a 0123456789 => ENOENT
chmod m/x 4755 => ENOENT
readlink l/a => ENOENT
rename a/b/ zz/a => ENOENT
stat l/ => ENOENT
mkdir a/l => OK
mkdir a/b/c => ENOENT
rmdir b => ENOENT
mkdir m => OK
link l/ a/b => ENOENT
chmod a/c 700 => ENOENT
rename b a/.. => EBUSY
mkdir b => OK
stat b/a => ENOENT
mkdir c => EEXIST
mkdir a => EEXIST
mkdir . => EEXIST
unlink b/a => ENOENT
rename zz/a a//b => ENOENT
mkdir .. => EEXIST
mkdir l => OK
mkdir a => EEXIST
rmdir l/a => ENOENT
write a hello => EISDIR
chdir /l/.. => /
mkdir m => EEXIST
unlink a/b/ => ENOENT
mkdir l/ => EEXIST
open a/b wce => OK
unlink zz/a => ENOENT
lstat a/b/ => ENOTDIR
open a/c wc => OK
symlink / /l/.. => EEXIST
mkdir a//b => EEXIST
unlink l/ => EISDIR
symlink c b => EEXIST
rename a/b b/ => ENOTDIR
link zz/a a//b => ENOENT
mkdir l => EEXIST
ls c => 
mkdir /a => EEXIST
stat m => 40755 2 40 5 0
readlink m => EINVAL
mkdir a/c => EEXIST
lstat a/.. => 41777 7 140 1 0
rmdir zz/a => ENOENT
mkdir l => EEXIST
rmdir a => ENOTEMPTY
link a/b a/b/c => ENOTDIR
mkdir zz/a => ENOENT
ls b/ => 
chdir /../b => /b
rename l/ a/b/c => ENOENT
readlink a/.. => ENOENT
mkdir /a => EEXIST
mkdir a/.. => ENOENT
rename a/b l/ => ENOENT
write . 0123456789 => EISDIR
rmdir /l/.. => ENOTEMPTY
open a//b wc => ENOENT
mkdir l/ => OK
rmdir a/b => ENOENT
rename l/ a => OK
ls b => ENOENT
write b/ 0123456789 => ENOENT
mkdir a => EEXIST
mkdir . => EEXIST
mkdir l => OK
rename a/b /a => ENOENT
stat .. => 41777 7 140 1 0
ls a/c => ENOENT
lstat a/b => ENOENT
rmdir a/b => ENOENT
open /../b w => EISDIR
rmdir a => OK
write b 0123456789 => ENOENT
write l/a hello => ENOENT
unlink . => EISDIR
write zz/a 0123456789 => ENOENT
readlink a/b/ => ENOENT
open .. w => EISDIR
write /l/.. 0123456789 => EISDIR
readlink a//b => ENOENT
mkdir /a => EEXIST
rmdir c => ENOENT
rename m/x a/c => ENOENT
readlink c => ENOENT
mkdir a/c => ENOENT
lstat l => 40755 2 40 11 0
open b/ rd => ENOENT
open a/b rd => ENOENT
readlink a/b => ENOENT
chmod l 4755 => OK
symlink m b/a => ENOENT
link .. . => EEXIST
unlink b/ => ENOENT
mkdir /l/.. => EEXIST
rename .. zz/a => ENOENT
mkdir a/b/ => ENOENT
lstat m => ENOENT
readlink a//b => ENOENT
write . hello => EISDIR
mkdir / => EEXIST
chdir /l/.. => /
lstat l/ => 40755 2 40 7 0
mkdir a/l => EEXIST
chmod a//b 700 => OK
rmdir a => ENOTEMPTY
rename / /a => EBUSY
lstat a/b/c => ENOTDIR
lstat m/x => ENOENT
symlink /a / => EEXIST
rename a/b/ /l/.. => EBUSY
unlink a => EISDIR
readlink a/b/ => ENOTDIR
chmod /a 644 => OK
rename c . => EBUSY
mkdir a/b/ => EEXIST
mkdir /a => EEXIST
open b/ rd => OK
ls a => c b l
stat b/a => ENOENT
symlink a/ l/ => EEXIST
unlink b => EISDIR
write .. 0123456789 => EISDIR
open a/c wc => OK
chdir b/ => /b
stat b => ENOENT
lstat /a => 40644 3 100 3 0
rename l/ l/a => EINVAL
write /../b hello => EISDIR
chdir a//b => ENOENT
mkdir m => OK
open a/l wct => ENOENT
open /../b wce => EEXIST
chmod c 700 => ENOENT
lstat /l/.. => 41777 7 140 1 0
unlink zz/a => ENOENT
mkdir l/a => OK
link b/ m/x => ENOENT
link zz/a m => ENOENT
mkdir a/b => ENOENT
lstat . => 40755 4 80 6 0
open . wc => EISDIR
ls . => m l
write b/ hello => ENOENT
unlink a//b => ENOENT
rename m a/l => ENOENT
rename a/b l => ENOENT
write a/b/c hello => ENOENT
rename . a/c => ENOENT
unlink l => EISDIR
chdir /../b => /b
lstat / => 41777 7 140 1 0
symlink . / => EEXIST
open / wct => EISDIR
open m/x rnf => ENOENT
mkdir . => EEXIST
lstat a/b/ => ENOENT
symlink m . => EEXIST
mkdir b/a => ENOENT
lstat a/c => ENOENT
rmdir . => EINVAL
stat c => ENOENT
readlink a => ENOENT
open l wce => EEXIST
chdir l/a => /b/l/a
unlink . => EISDIR
rename a/b/ a/b => ENOENT
unlink a/b/c => ENOENT
symlink nope a/c => ENOENT
symlink .. c => OK
link a//b l => ENOENT
mkdir a/l => ENOENT
mkdir a/c => ENOENT
mkdir a/.. => ENOENT
symlink . a/c => ENOENT
rmdir a/l => ENOENT
lstat l => ENOENT
lstat a/b/ => ENOENT
open m/x rd => ENOENT
mkdir /a => EEXIST
chdir l/ => ENOENT
lstat a//b => ENOENT
rename a/.. .. => ENOENT
chmod b/ 755 => ENOENT
ls /a => c b l
rmdir l/ => ENOENT
rename c .. => EBUSY
open b/ r => ENOENT
symlink nope a/b => ENOENT
link b/a a => ENOENT
unlink a/.. => ENOENT
mkdir a/l => ENOENT
ls b => ENOENT
link c a/b/ => ENOENT
unlink m/x => ENOENT
unlink a//b => ENOENT
chdir b => ENOENT
rename m/x a => ENOENT
chmod a/l 4755 => ENOENT
link a/c . => ENOENT
write a 0123456789 => ENOENT
rmdir l => ENOENT
ls a/b/c => ENOENT
rename /../b .. => EBUSY
open /l/.. wct => EISDIR
lstat a//b => ENOENT
chmod l/ 4755 => ENOENT
rmdir a/c => ENOENT
rename b/a .. => ENOENT
rename l/a a/l => ENOENT
readlink a/c => ENOENT
unlink .. => EISDIR
open a/b r => ENOENT
write m 0123456789 => ENOENT
write m hello => ENOENT
unlink a//b => ENOENT
rmdir a => ENOENT
chdir a/b/c => ENOENT
rename .. /a => EBUSY
mkdir /../b => EEXIST
mkdir / => EEXIST
link /a m/x => ENOENT
unlink . => EISDIR
write /../b x => ENOENT
mkdir a/b/ => ENOENT
chdir l => ENOENT
write m/x hello => ENOENT
lstat /../b => ENOENT
link /../b a/c => ENOENT
chmod .. 755 => OK
mkdir b/a => ENOENT
mkdir l/a => ENOENT
symlink l/a a/b/ => ENOENT
lstat a//b => ENOENT
lstat / => 40755 2 40 1 0
ls a/c => ENOENT
rmdir b => ENOENT
write a/b/c 0123456789 => ENOENT
readlink /../b => ENOENT
readlink zz/a => ENOENT
stat m/x => ENOENT
readlink /a => ENOENT
open l/ wct => EISDIR
symlink l/a /l/.. => ENOENT
rename a//b a/l => ENOENT
chdir /a => ENOENT
rmdir a//b => ENOENT
rename /../b /a => ENOENT
symlink b l/a => ENOENT
write /../b x => ENOENT
stat c => ENOENT
unlink a => ENOENT
readlink a/.. => ENOENT
mkdir /l/.. => ENOENT
mkdir .. => EEXIST
open m/x rd => ENOENT
link b l/a => ENOENT
mkdir c => OK
chdir b => ENOENT
readlink l/a => ENOENT
symlink a a/c => ENOENT
open a/l w => ENOENT
lstat .. => 40755 3 60 1 0
chmod .. 4755 => OK
chdir a/b => ENOENT
chmod m 700 => ENOENT
open a/.. rd => ENOENT
open m/x r => ENOENT
readlink /a => ENOENT
mkdir .. => EEXIST
unlink b => ENOENT
open b/ rnf => ENOENT
stat /l/.. => ENOENT
symlink a / => EEXIST
mkdir l/ => OK
stat m => ENOENT
ls l/a => ENOENT
open b/a w => ENOENT
open . wc => EISDIR
open .. wct => EISDIR
mkdir /a => OK
unlink l/a => ENOENT
link /../b m => ENOENT
link a/l b/a => ENOENT
readlink /../b => ENOENT
rmdir a/b => ENOENT
open a/l wct => OK
link b/ b/a => ENOENT
mkdir a/l => EEXIST
rename /a b/ => OK
symlink a l => EEXIST
chmod a/b/c 4755 => ENOENT
rename m a/l => ENOENT
mkdir /l/.. => EEXIST
unlink a/.. => ENOENT
chmod m 1777 => ENOENT
readlink l/a => ENOENT
readlink b => EINVAL
unlink a/b/c => ENOENT
write /l/.. hello => EISDIR
chdir a//b => ENOENT
mkdir / => EEXIST
chmod l/a 1777 => ENOENT
link c /a => EPERM
open a/b r => ENOENT
mkdir a//b => ENOENT
rename a/.. /a => ENOENT
mkdir a => OK
rmdir b/a => ENOENT
open l r => OK
chmod m/x 755 => ENOENT
rmdir a/l => ENOENT
symlink a/ m/x => ENOENT
mkdir . => EEXIST
rename a/b m/x => ENOENT
rmdir b/a => ENOENT
symlink m a/c => OK
lstat b => 40755 2 60 4 0
link m /l/.. => ENOENT
chmod zz/a 755 => ENOENT
write a/l x => ENOENT
unlink b => EISDIR
mkdir c => EEXIST
mkdir a//b => OK
chmod zz/a 1777 => ENOENT
rename a/l c => ENOENT
stat .. => 44755 6 120 1 0
lstat /a => 40755 3 80 6 0
stat m => ENOENT
open a/.. w => EISDIR
chdir a => /a
lstat c => 120777 1 1 7 0
rename b . => EBUSY
ls /l/.. => a b l c
chdir .. => /
mkdir /l/.. => EEXIST
mkdir . => EEXIST
write a//b hello => EISDIR
readlink b/ => EINVAL
link a/b/c m/x => ENOENT
symlink b a//b => EEXIST
readlink l => EINVAL
unlink a => EISDIR
stat m/x => ENOENT
rmdir b/ => ENOTEMPTY
rmdir / => EBUSY
chmod .. 755 => OK
open /a r => OK
mkdir a/b/ => EEXIST
link .. b => EEXIST
chmod c 755 => OK
lstat b/a => ENOENT
open a/b wct => EISDIR
rmdir l/ => OK
open /a wct => EISDIR
mkdir b => EEXIST
chmod zz/a 700 => ENOENT
rmdir m/x => ENOENT
rmdir m/x => ENOENT
chdir a/l => ENOENT
rename c l => OK
rename /../b l => OK
ls /l/.. => l a
lstat m => ENOENT
lstat . => 40755 4 80 1 0
readlink c => ENOENT
chmod l 700 => OK
readlink a//b => EINVAL
chmod l/ 700 => OK
lstat a/c => 120777 1 1 7 0
rmdir a/b/ => OK
write a//b hello => ENOENT
rename a/c m => OK
rename a/c /a => ENOENT
chmod a/l 4755 => ENOENT
open l/ wct => EISDIR
readlink /l/.. => EINVAL
symlink a a/b/c => ENOENT
symlink .. a/b/ => ENOENT
rename /a . => EBUSY
link a/l a/b/ => ENOENT
unlink a/.. => EISDIR
write a//b x => ENOENT
ls /a => 
chdir a => /a
mkdir .. => EEXIST
mkdir b/ => OK
link /../b a//b => ENOENT
mkdir a/b/c => ENOENT
link a/b/c m => ENOENT
unlink b/a => ENOENT
mkdir m => OK
mkdir a/l => ENOENT
readlink c => ENOENT
mkdir a/b => ENOENT
symlink nope l/a => ENOENT
ls /a => m b
open a wc => OK
open a/.. wce => ENOTDIR
mkdir a/b/c => ENOTDIR
write .. 0123456789 => EISDIR
open a/b r => ENOTDIR
readlink a/b => ENOTDIR
chmod m 4755 => OK
stat l/ => ENOENT
ls l/a => ENOENT
symlink / a/b => ENOTDIR
chdir zz/a => ENOENT
write zz/a x => ENOENT
open l/ rd => ENOENT
rename /../b /../b => ENOENT
unlink b/a => ENOENT
ls a/b => ENOTDIR
chdir a/c => ENOTDIR
readlink m/x => ENOENT
rename b/ a/b/ => ENOTDIR
open b/a r => ENOENT
rmdir a//b => ENOTDIR
chdir m/x => ENOENT
lstat . => 40755 4 100 6 0
symlink a m => EEXIST
unlink b => EISDIR
chmod m 4755 => OK
stat a/l => ENOTDIR
ls m/x => ENOENT
stat a/b/ => ENOTDIR
unlink m => EISDIR
rmdir l/ => ENOENT
rmdir b/a => ENOENT
rename /a a/.. => ENOTDIR
lstat / => 40755 4 100 1 0
unlink .. => EISDIR
chdir zz/a => ENOENT
rename a/b/c m => ENOTDIR
stat l/a => ENOENT
ls a/.. => ENOTDIR
open m/x wc => OK
write zz/a 0123456789 => ENOENT
open l/ r => ENOENT
rename / /../b => EBUSY
mkdir a/b => ENOTDIR
link a/b/ b/a => ENOTDIR
chmod /../b 700 => ENOENT
rename zz/a a/b/c => ENOENT
mkdir zz/a => ENOENT
ls a/b => ENOTDIR
open l/ w => ENOENT
ls c => ENOENT
mkdir a => EEXIST
link zz/a c => ENOENT
write m/x hello => OK
open a/l rnf => ENOTDIR
unlink c => ENOENT
mkdir a//b => ENOTDIR
open a/b/c wct => ENOTDIR
rename a/.. a//b => ENOTDIR
link a/b/ a/l => ENOTDIR
rmdir b => OK
mkdir a/b/c => ENOTDIR
rename .. a/b/ => ENOTDIR
write a//b 0123456789 => ENOTDIR
readlink a/b/c => ENOTDIR
write l/a hello => ENOENT
ls a//b => ENOTDIR
ls b/a => ENOENT
mkdir / => EEXIST
stat . => 40755 3 80 6 0
chmod . 644 => OK
link a a/b/c => ENOTDIR
symlink m . => EEXIST
chdir a/b/c => ENOTDIR
link l/a a/b => ENOENT
lstat a/b/ => ENOENT
mkdir c => OK
lstat m/x => ENOENT
mkdir l => OK
chdir . => /
rename a/b m => ENOENT
rename a /../b => ENOENT
symlink c m => OK
open l/a wct => OK
stat c => 40755 2 40 2 0
open l/ rd => OK
link b/a l => ENOENT
write m 0123456789 => EISDIR
open a rd => ENOENT
open zz/a wce => ENOENT
readlink /l/.. => EINVAL
readlink b/ => ENOENT
link l/a m => EEXIST
mkdir c => EEXIST
ls /../b => ENOENT
chmod m/x 644 => ENOENT
open a/c w => ENOENT
mkdir a/.. => ENOENT
ls m => 
stat a/.. => ENOENT
open /../b w => ENOENT
open a/b rnf => ENOENT
link m /a => OK
link a/b a/l => ENOENT
rename l/a b/ => ENOTDIR
mkdir b => OK
mkdir l/a => EEXIST
open a wc => EISDIR
open a/c wce => OK
mkdir l/a => EEXIST
rename b/ l/a => ENOTDIR
unlink m => OK
rename a/l /a => ENOENT
mkdir . => EEXIST
ls b/a => ENOENT
stat l/a => 100644 1 0 5 0
rmdir b/ => OK
readlink a/b/c => ENOENT
mkdir b => OK
rename /l/.. l/ => EBUSY
unlink /l/.. => EISDIR
chdir a/b/ => ENOENT
link a/l b => ENOENT
rmdir zz/a => ENOENT
readlink /../b => EINVAL
write a/b/c hello => ENOENT
readlink a/b/ => ENOENT
link a/.. b/ => EEXIST
link /../b a/.. => EEXIST
rename a/b/ a/b/c => ENOENT
mkdir b => EEXIST
symlink .. l => EEXIST
link a/.. m => EPERM
unlink a/l => ENOENT
open /a rd => OK
lstat /../b => 40755 2 40 8 0
mkdir a/b/ => OK
mkdir a/.. => EEXIST
rename a/l l/a => ENOENT
write /../b hello => EISDIR
chmod a/b/c 1777 => ENOENT
open .. r => OK
symlink .. /../b => EEXIST
mkdir .. => EEXIST
unlink m => ENOENT
mkdir b/a => OK
ls /a => b c
lstat .. => 41777 5 120 1 0
mkdir a/b/c => OK
mkdir /l/.. => EEXIST
rmdir .. => ENOTEMPTY
link m/x b => ENOENT
rename b/a l/ => ENOTEMPTY
open m/x rd => ENOENT
ls a => b c
mkdir a//b => EEXIST
rmdir a/b/ => ENOTEMPTY
symlink a /l/.. => EEXIST
stat c => 40755 3 80 2 0
mkdir l/a => EEXIST
mkdir c => EEXIST
ls .. => b a l c
open .. wct => EISDIR
write .. x => EISDIR
rmdir /l/.. => ENOTEMPTY
chmod a/.. 644 => OK
mkdir /../b => EEXIST
open a/b/ r => OK
chdir b/a => /b/a
rename b/a a//b => ENOENT
unlink a/l => ENOENT
open m r => ENOENT
rename a /../b => ENOENT
open a/b r => ENOENT
write a//b hello => ENOENT
chmod c 700 => ENOENT
readlink l/a => ENOENT
link b/a /../b => ENOENT
mkdir l/ => OK
open m/x wct => ENOENT
open zz/a rd => ENOENT
ls .. => a
symlink / /l/.. => EEXIST
open a/c r => ENOENT
unlink l/ => EISDIR
rename l/a . => EBUSY
rename /a . => EBUSY
mkdir c => OK
rename a/l /../b => ENOENT
stat a/l => ENOENT
open a r => ENOENT
chmod c 755 => OK
rename b/a /a => ENOENT
write l/ x => EISDIR
rmdir b/a => ENOENT
write l/ x => EISDIR
open a//b rd => ENOENT
link a/b/ a//b => ENOENT
link l/a . => ENOENT
link / a/l => ENOENT
chdir /../b => /b
ls .. => b a l c
lstat a/l => 40755 2 40 12 0
ls a/.. => a
mkdir m => OK
chdir b/ => ENOENT
chdir /l/.. => /
lstat .. => 40644 5 120 1 0
mkdir a/c => EEXIST
mkdir b/ => EEXIST
stat /l/.. => 40644 5 120 1 0
mkdir m => OK
link /../b a/b/ => EEXIST
mkdir a/c => EEXIST
mkdir l/a => EEXIST
mkdir b/a => EEXIST
chdir a//b => /c/b
symlink .. a => OK
rename a/b a/b/c => EINVAL
mkdir a/l => OK
rmdir m => ENOENT
open /l/.. rnf => OK
rename / a/c => EBUSY
readlink a/c => EINVAL
mkdir m/x => ENOENT
mkdir / => EEXIST
unlink zz/a => ENOENT
unlink a/b/c => EISDIR
write zz/a hello => ENOENT
rename b/a m => ENOENT
chmod .. 1777 => OK
lstat a/l => 40755 2 40 17 0
lstat b => ENOENT
mkdir m => OK
mkdir l/a => ENOENT
mkdir b/a => ENOENT
mkdir l => OK
chdir a => /c
chdir b/a => /c
lstat a/l => ENOENT
chmod /a 755 => OK
write /l/.. hello => EISDIR
readlink /l/.. => EINVAL
mkdir /../b => EEXIST
symlink /a /a => EEXIST
open a/b/ wct => ENOENT
open c wc => OK
rmdir l/ => OK
mkdir /l/.. => EEXIST
chmod a/b/ 755 => ENOENT
rename a//b b => ENOENT
write zz/a 0123456789 => ENOENT
link b a/b/c => ENOENT
mkdir a/l => ENOENT
unlink a//b => ENOENT
rmdir zz/a => ENOENT
mkdir c => EEXIST
symlink l/a /l/.. => EEXIST
mkdir a => OK
unlink a/b/c => ENOENT
link / / => EEXIST
stat l/a => ENOENT
lstat b => 40755 5 120 9 0
readlink a/b/ => ENOENT
chmod zz/a 4755 => ENOENT
open a/b/c rnf => ENOENT
readlink a/l => ENOENT
rename a a/b/ => EINVAL
readlink m => ENOENT
readlink /../b => EINVAL
open /l/.. wc => EISDIR
symlink a zz/a => ENOENT
lstat m => ENOENT
open l/ w => ENOENT
open c rd => ENOTDIR
mkdir a//b => OK
symlink / l/ => ENOENT
write a/b hello => EISDIR
mkdir b/ => EEXIST
rename b/a c => OK
link zz/a a/b => ENOENT
rmdir a/l => ENOENT
unlink / => EISDIR
rename a//b / => EBUSY
mkdir b/a => OK
rename m b => ENOENT
open /../b rnf => OK
stat b/a => 40755 2 40 22 0
rename b b => OK
rename l/ b => ENOENT
symlink / a//b => EEXIST
write a/b x => EISDIR
lstat a/b/ => 40755 2 40 21 0
chdir a/b/ => /c/a/b
open . rnf => OK
lstat b => ENOENT
rename a/c . => ENOENT
link l/a l => ENOENT
stat /a => 40755 4 100 2 0
stat .. => 40755 3 60 20 0
chdir a//b => ENOENT
link a/b/c . => ENOENT
rename m/x a/b/c => ENOENT
mkdir a => OK
rename l/a a//b => ENOENT
open m/x r => ENOENT
open / w => EISDIR
unlink .. => EISDIR
ls . => a
mkdir b/ => OK
unlink b/ => EISDIR
readlink a/b/c => ENOENT
open l/a rd => ENOENT
mkdir c => OK
rename l/ zz/a => ENOENT
mkdir b/a => OK
link /l/.. a/l => EPERM
mkdir / => EEXIST
mkdir .. => EEXIST
link /a a/c => OK
mkdir a/c => EEXIST
open l rnf => ENOENT
open m/x wc => ENOENT
rename / . => EBUSY
"#;

/// Recorded the same way as nobody (uid/gid 65534, no capabilities) after
/// root made p/ (0700), q/ (0755) and s/ (1777), each holding a file f, and
/// made the tmpfs root 1777: EACCES, sticky-bit EPERM and friends.
const RECORDED_NOBODY: &str = r#"symlink a a//b => ENOENT
ls a/b/ => ENOENT
rename l / => EBUSY
write a/b/ 0123456789 => ENOENT
rmdir a/b/ => ENOENT
rename q m/x => ENOENT
rename p a/l => ENOENT
mkdir m => OK
unlink m => EISDIR
mkdir a/.. => ENOENT
rename a/l /a => ENOENT
open .. w => EISDIR
rename p /l/.. => ENOENT
mkdir / => EEXIST
rename l/a zz/a => ENOENT
mkdir l/ => OK
mkdir l/ => EEXIST
open a//b wce => ENOENT
open . wce => EEXIST
rename a/b zz/a => ENOENT
mkdir a//b => ENOENT
mkdir q => EEXIST
lstat a => ENOENT
mkdir . => EEXIST
rmdir a/b/ => ENOENT
stat p/a => EACCES
chmod zz/a 755 => ENOENT
stat /a => ENOENT
readlink b/a => ENOENT
open p/a w => EACCES
open m/x wc => OK
open /l/.. wct => EISDIR
mkdir l/a => OK
write a/l x => ENOENT
chdir p/f => EACCES
link a//b zz/a => ENOENT
ls q => f
mkdir c => OK
open a/.. rnf => ENOENT
unlink q => EPERM
rename q/f / => EBUSY
unlink a/b => ENOENT
open l/a rd => OK
rename s/b s/f => ENOENT
write /../b hello => ENOENT
open q/a w => ENOENT
rmdir p => EPERM
write l/ x => EISDIR
write m/x 0123456789 => OK
chmod / 1777 => EPERM
mkdir /l/.. => EEXIST
chdir m/x => ENOTDIR
symlink / /a => OK
rename a q/a => EACCES
chdir zz/a => ENOENT
symlink . s/f => EEXIST
stat a//b => ENOENT
stat q => 40755 2 60 4 0
rename s / => EBUSY
open s/b rd => ENOENT
rename .. / => EBUSY
write /a 0123456789 => EISDIR
readlink a/l => EINVAL
readlink /l/.. => EINVAL
mkdir .. => EEXIST
ls . => a c l m s q p
rename c q/a => EACCES
link a/l a/b => EPERM
unlink l => EISDIR
rename q/a .. => EBUSY
chdir c => /c
ls a//b => ENOENT
mkdir a/.. => ENOENT
stat a => ENOENT
lstat m/x => ENOENT
rmdir / => EBUSY
chdir /l/.. => /
open p/a rd => EACCES
open a//b wce => OK
readlink / => EINVAL
unlink a/l => EISDIR
write .. 0123456789 => EISDIR
mkdir a//b => EEXIST
lstat a/b/c => ENOTDIR
chdir l/a => /l/a
lstat q/f => ENOENT
link s/a /a => ENOENT
write p x => ENOENT
symlink a/b /l/.. => EEXIST
readlink b => ENOENT
open s/a w => ENOENT
write b 0123456789 => ENOENT
ls a/b/ => ENOENT
mkdir m => OK
mkdir q/a => ENOENT
link q/a c => ENOENT
link s/a m/x => ENOENT
unlink /a => OK
write q/a 0123456789 => ENOENT
rmdir b => ENOENT
open /a rd => ENOENT
open s/b wce => ENOENT
stat / => 41777 8 180 1 0
mkdir a => OK
chdir s/f => ENOENT
chdir .. => /l
readlink q/f => ENOENT
lstat q/a => ENOENT
rename /a s/f => ENOENT
mkdir /l/.. => EEXIST
readlink /a => ENOENT
open l/a wce => ENOENT
chdir s/a => ENOENT
chdir l/a => ENOENT
chdir a/b => ENOENT
link m/x b/a => ENOENT
mkdir b => OK
readlink a/c => ENOENT
write a/b x => ENOENT
link l m => ENOENT
open s w => ENOENT
rename q a/l => ENOENT
mkdir a/.. => EEXIST
chdir a/b/c => ENOENT
mkdir m/x => ENOENT
rmdir p/f => ENOENT
mkdir q/f => ENOENT
open s/a wc => ENOENT
stat a/b => ENOENT
open l/a wc => ENOENT
chdir b/ => /l/b
mkdir a/b/ => ENOENT
open s/b wct => ENOENT
link / s/f => ENOENT
lstat . => 40755 2 40 17 0
mkdir l/ => OK
mkdir b/a => ENOENT
chmod s/f 644 => ENOENT
ls q/a => ENOENT
rmdir s/b => ENOENT
chdir p => ENOENT
unlink q/f => ENOENT
rmdir b/a => ENOENT
rename m p => ENOENT
stat a/b/ => ENOENT
open a//b wce => ENOENT
unlink a//b => ENOENT
readlink / => EINVAL
mkdir a/.. => ENOENT
lstat a/c => ENOENT
mkdir c => OK
rename .. c => EBUSY
write q/a x => ENOENT
readlink q/a => ENOENT
readlink /../b => EINVAL
ls a/b/c => ENOENT
unlink a/l => ENOENT
stat p => ENOENT
unlink zz/a => ENOENT
symlink / a/l => ENOENT
link c q/a => ENOENT
mkdir a//b => ENOENT
open a/b rnf => ENOENT
ls q/a => ENOENT
rmdir /../b => ENOTDIR
ls a/b/ => ENOENT
mkdir .. => EEXIST
link b/a p/f => ENOENT
stat /l/.. => 41777 8 180 1 0
ls / => b c l m s q p
mkdir s/f => ENOENT
link . a/.. => ENOENT
mkdir q/f => ENOENT
mkdir s/f => ENOENT
ls q => ENOENT
mkdir c => EEXIST
stat a/b/c => ENOENT
link s/a b/a => ENOENT
write a/b 0123456789 => ENOENT
mkdir s/a => ENOENT
mkdir a/b => ENOENT
readlink s => ENOENT
mkdir c => EEXIST
rename p/a p/f => ENOENT
rename b/ b/a => ENOENT
open a/b/c rd => ENOENT
rename a/c a/.. => ENOENT
mkdir s => OK
write q/f 0123456789 => ENOENT
unlink a => ENOENT
ls b/ => ENOENT
unlink /l/.. => EISDIR
mkdir zz/a => ENOENT
open m rd => ENOENT
mkdir q/a => ENOENT
mkdir q/f => ENOENT
symlink l/a a/b => ENOENT
link a/b .. => ENOENT
open / r => OK
readlink /../b => EINVAL
chdir a => ENOENT
unlink b => ENOENT
unlink b => ENOENT
readlink m/x => ENOENT
lstat m => ENOENT
mkdir /l/.. => EEXIST
unlink zz/a => ENOENT
open /a r => ENOENT
chdir b => ENOENT
rmdir a/b => ENOENT
stat q/f => ENOENT
mkdir b/ => OK
readlink m => ENOENT
rename l/ a//b => ENOENT
mkdir a/l => ENOENT
rmdir m/x => ENOENT
rename l/a s => ENOENT
readlink q/f => ENOENT
open /../b w => OK
ls q/f => ENOENT
ls a/b => ENOENT
chdir q/a => ENOENT
mkdir a/b/c => ENOENT
readlink a/b => ENOENT
mkdir c => EEXIST
write a//b hello => ENOENT
rename .. m/x => ENOENT
rename /l/.. s/b => EBUSY
stat a/b/ => ENOENT
stat a/b/ => ENOENT
write p/f x => ENOENT
unlink a/b/ => ENOENT
lstat c => 40755 2 40 19 0
rename p/f a/b/c => ENOENT
open .. wce => EEXIST
write b/a hello => ENOENT
mkdir a/b/c => ENOENT
rename p b => ENOENT
open b rd => OK
lstat p/a => ENOENT
chdir p/f => ENOENT
chdir a/b => ENOENT
readlink / => EINVAL
chmod a/.. 1777 => ENOENT
mkdir b => EEXIST
stat q => ENOENT
mkdir m/x => ENOENT
mkdir c => EEXIST
open a//b wce => ENOENT
chmod b/a 700 => ENOENT
mkdir s/a => OK
mkdir a => OK
write / x => EISDIR
symlink l/a s/a => EEXIST
readlink a/b/c => ENOENT
chdir zz/a => ENOENT
readlink l/ => ENOENT
stat q => 40755 2 60 4 0
ls a/b/c => ENOENT
open a/b/c rd => ENOENT
rename / s/a => EBUSY
rename p/a p/a => EACCES
mkdir / => EEXIST
readlink /l/.. => ENOENT
rmdir b/a => ENOENT
chmod .. 4755 => EPERM
symlink l /l/.. => ENOENT
write b/ 0123456789 => ENOENT
rename s/b a => ENOENT
rename a/l b => ENOENT
open /l/.. wce => ENOENT
chmod p 700 => EPERM
write a/b hello => ENOENT
lstat a/b/c => ENOENT
link b/a s => ENOENT
ls p => EACCES
chmod q/f 1777 => EPERM
readlink b/a => ENOENT
symlink l/a s => EEXIST
rename b b => ENOENT
chdir l => ENOENT
stat .. => 41777 6 120 1 0
chmod s 4755 => EPERM
symlink /a q => EEXIST
write m/x 0123456789 => ENOENT
write s/a 0123456789 => EISDIR
lstat s/a => 40755 2 40 8 0
ls /../b => ENOENT
rename p m/x => ENOENT
open p/f rnf => EACCES
rename /a a => OK
ls a/b => ENOENT
mkdir l => OK
stat s/a => 40755 2 40 8 0
rename l/a m/x => ENOENT
mkdir q/f => EEXIST
write a/c x => ENOENT
rmdir / => EBUSY
unlink a/b/ => ENOENT
unlink c => ENOENT
rmdir c => ENOENT
ls a/c => ENOENT
chdir m => ENOENT
rename zz/a s => ENOENT
write b x => ENOENT
ls q/a => ENOENT
ls m/x => ENOENT
mkdir /a => EEXIST
open / r => OK
chmod m/x 1777 => ENOENT
write q/f hello => EACCES
mkdir b/a => ENOENT
link c . => ENOENT
open / r => OK
rename q/f l/ => ENOTDIR
mkdir a/l => OK
lstat m => ENOENT
write a/c x => ENOENT
stat s/b => ENOENT
rename s/b l/a => ENOENT
rename /a l/a => OK
chmod p 700 => EPERM
unlink q => EPERM
open a/b/ wct => ENOENT
lstat .. => 41777 6 120 1 0
lstat s/b => ENOENT
mkdir p/f => EACCES
chdir m => ENOENT
chdir / => /
rename l/a a/l => ENOENT
unlink p => EPERM
mkdir a => OK
write a/b 0123456789 => ENOENT
chdir a/b/c => ENOENT
mkdir a/b => OK
readlink b/ => ENOENT
mkdir q/a => EACCES
mkdir a/l => OK
rmdir l => ENOTEMPTY
mkdir b => OK
open zz/a w => ENOENT
rename a/.. m/x => ENOENT
mkdir zz/a => ENOENT
open s/b rd => ENOENT
mkdir / => EEXIST
rmdir b/ => OK
stat l/ => 40755 3 60 10 0
mkdir a//b => EEXIST
mkdir a => EEXIST
mkdir s/a => EEXIST
ls zz/a => ENOENT
symlink c b/ => ENOENT
readlink . => EINVAL
lstat q/f => 100644 1 0 5 0
write m/x x => ENOENT
open c wct => OK
ls a/b/c => ENOENT
rmdir a => ENOTEMPTY
rename l l/a => EINVAL
lstat q/a => ENOENT
chmod q/a 644 => ENOENT
unlink s/f => EPERM
open q wc => EISDIR
unlink /a => EISDIR
stat b/ => ENOENT
open . wce => EEXIST
link b/a .. => ENOENT
lstat q => 40755 2 60 4 0
unlink s/b => ENOENT
chmod s/b 1777 => ENOENT
open p rnf => EACCES
mkdir zz/a => ENOENT
mkdir l => EEXIST
chmod p/a 755 => EACCES
mkdir l => EEXIST
stat l/ => 40755 3 60 10 0
link . . => EEXIST
link m q/a => ENOENT
ls l => a
ls .. => c a l s q p
unlink l/ => EISDIR
mkdir m/x => ENOENT
mkdir b => OK
ls /../b => 
mkdir m/x => ENOENT
lstat l/ => 40755 3 60 10 0
stat l/a => 40755 3 60 9 0
stat q/a => ENOENT
mkdir l/a => EEXIST
ls / => b c a l s q p
unlink q/a => ENOENT
mkdir q/a => EACCES
lstat .. => 41777 8 180 1 0
ls l/ => a
chdir a//b => /a/b
chdir m/x => ENOENT
chdir c => ENOENT
link a s/b => ENOENT
write zz/a x => ENOENT
open a rd => ENOENT
open .. wc => EISDIR
mkdir m/x => ENOENT
stat a/.. => ENOENT
mkdir b/a => ENOENT
rename a//b . => ENOENT
write b/ hello => ENOENT
chdir a//b => ENOENT
mkdir q/f => ENOENT
rename s m/x => ENOENT
link a/b q/a => ENOENT
chmod s/b 4755 => ENOENT
symlink a/ / => EEXIST
readlink / => EINVAL
chdir q => ENOENT
symlink nope a/b => ENOENT
chmod a/b 755 => ENOENT
mkdir s => OK
chdir b/a => ENOENT
symlink b a//b => ENOENT
symlink l /l/.. => EEXIST
lstat a/c => ENOENT
open s/a rnf => ENOENT
symlink a/ /l/.. => EEXIST
mkdir a/b => ENOENT
chdir p => ENOENT
link /a a => EPERM
rmdir zz/a => ENOENT
chdir l => ENOENT
lstat zz/a => ENOENT
rename a/c m/x => ENOENT
rename m l/a => ENOENT
rmdir b => ENOENT
open q rd => ENOENT
write s 0123456789 => EISDIR
ls .. => l b
chdir l => ENOENT
unlink p/f => ENOENT
stat s/f => ENOENT
rename b/ b => ENOENT
readlink a/b/ => ENOENT
rmdir c => ENOENT
stat s/a => ENOENT
readlink p => ENOENT
stat s/b => ENOENT
mkdir q => OK
open /a w => EISDIR
rmdir s/f => ENOENT
stat q/f => ENOENT
open a/c wce => ENOENT
write a 0123456789 => ENOENT
mkdir q/a => OK
mkdir b => OK
chmod a//b 700 => ENOENT
rename q/a a/c => ENOENT
lstat l => ENOENT
stat b/ => 40755 2 40 21 0
chmod zz/a 1777 => ENOENT
mkdir a//b => ENOENT
open . wct => EISDIR
stat c => ENOENT
chdir a/.. => ENOENT
mkdir b => EEXIST
rmdir q => ENOTEMPTY
open q/a w => EISDIR
stat l/a => ENOENT
rename a/b b/ => ENOENT
symlink nope q => EEXIST
write / hello => EISDIR
symlink . .. => EEXIST
rename .. p/f => ENOENT
chmod c 755 => ENOENT
mkdir b/a => OK
rename p/a a/b/c => ENOENT
chmod q/a 700 => OK
ls a/.. => ENOENT
link /../b a/.. => ENOENT
chdir /a => /a
mkdir b => EEXIST
rmdir p/f => ENOENT
rename a/.. q => ENOENT
chdir s/a => ENOENT
readlink a/l => ENOENT
rename /a q => EINVAL
open p/f wce => ENOENT
rename .. /l/.. => EBUSY
link q/f / => ENOENT
mkdir /../b => EEXIST
stat p/f => ENOENT
stat s/b => ENOENT
open l/a rnf => ENOENT
rename s/f p/a => ENOENT
rename a l/a => ENOENT
mkdir b/ => EEXIST
ls a => ENOENT
chdir /l/.. => /
chdir c => ENOTDIR
lstat l => 40755 3 60 10 0
open m rd => ENOENT
mkdir m/x => ENOENT
symlink l/a /../b => EEXIST
"#;

fn all_mapped(_: u32, _: u32) -> bool {
    true
}

struct M {
    v: Vfs,
    fs: FsStruct,
    files: FilesStruct,
    nobody: bool,
}

fn fresh() -> M {
    let t = Timespec::default();
    let (mut v, mut fs) = Vfs::boot(&default_root_image(), NS, t, &NoPseudoFs).unwrap();
    let c = Ctx::root(NS, t);
    let files = FilesStruct::new();
    v.mkdirat(&c, &fs, &files, AT_FDCWD, "/t", 0o755).unwrap();
    v.mount(&c, &fs, &files, "tmpfs", "/t", "tmpfs", 0, "")
        .unwrap();
    v.chroot(&c, &mut fs, &files, "/t").unwrap();
    v.chdir(&c, &mut fs, &files, "/").unwrap();
    M {
        v,
        fs,
        files,
        nobody: false,
    }
}

fn fresh_nobody() -> M {
    let mut m = fresh();
    let c = Ctx::root(NS, Timespec::default());
    for (d, mode) in [("p", 0o700), ("q", 0o755), ("s", 0o1777)] {
        m.v.mkdirat(&c, &m.fs, &m.files, AT_FDCWD, d, 0o777)
            .unwrap();
        m.v.fchmodat(&c, &m.fs, &m.files, AT_FDCWD, d, mode)
            .unwrap();
        let fd =
            m.v.openat(
                &c,
                &m.fs,
                &mut m.files,
                AT_FDCWD,
                &format!("{d}/f"),
                O_WRONLY | O_CREAT | O_TRUNC,
                0o666,
            )
            .unwrap();
        m.v.close(&mut m.files, fd).unwrap();
    }
    m.v.fchmodat(&c, &m.fs, &m.files, AT_FDCWD, "/", 0o1777)
        .unwrap();
    m.nobody = true;
    m
}

fn res<T>(r: Result<T, Errno>, f: impl FnOnce(T) -> String) -> String {
    match r {
        Ok(x) => f(x),
        Err(e) => e.name().to_owned(),
    }
}

fn ok(r: Result<(), Errno>) -> String {
    res(r, |_| "OK".to_owned())
}

fn stat_line(s: Stat) -> String {
    format!("{:o} {} {} {} {}", s.mode, s.nlink, s.size, s.ino, s.blocks)
}

impl M {
    fn apply(&mut self, op: &str) -> String {
        let mut c = Ctx::root(NS, Timespec::default());
        if self.nobody {
            c.fsuid = 65534;
            c.fsgid = 65534;
            c.cap_effective = ctlab::kernel_model::capability::CapSet::EMPTY;
            c.owner_mapped = &all_mapped;
            c.mnt_admin = false;
        }
        let a: Vec<&str> = op.split(' ').collect();
        let (v, fs) = (&mut self.v, &mut self.fs);
        let files = &mut self.files;
        match a[0] {
            "mkdir" => ok(v.mkdirat(&c, fs, files, AT_FDCWD, a[1], 0o777)),
            "rmdir" => ok(v.rmdir(&c, fs, files, AT_FDCWD, a[1])),
            "unlink" => ok(v.unlinkat(&c, fs, files, AT_FDCWD, a[1], 0)),
            "rename" => ok(v.renameat(&c, fs, files, AT_FDCWD, a[1], AT_FDCWD, a[2])),
            "link" => ok(v.linkat(&c, fs, files, AT_FDCWD, a[1], AT_FDCWD, a[2], 0)),
            "symlink" => ok(v.symlinkat(&c, fs, files, a[1], AT_FDCWD, a[2])),
            "open" => {
                let flags = match a[2] {
                    "r" => O_RDONLY,
                    "w" => O_WRONLY,
                    "wc" => O_WRONLY | O_CREAT,
                    "wce" => O_WRONLY | O_CREAT | O_EXCL,
                    "rd" => O_RDONLY | O_DIRECTORY,
                    "rnf" => O_RDONLY | O_NOFOLLOW,
                    "wct" => O_WRONLY | O_CREAT | O_TRUNC,
                    f => panic!("flags {f}"),
                };
                let r = v.openat(&c, fs, files, AT_FDCWD, a[1], flags, 0o666);
                ok(r.map(|fd| v.close(files, fd).unwrap()))
            }
            "stat" => res(v.fstatat(&c, fs, files, AT_FDCWD, a[1], 0), stat_line),
            "lstat" => res(
                v.fstatat(&c, fs, files, AT_FDCWD, a[1], AT_SYMLINK_NOFOLLOW),
                stat_line,
            ),
            "readlink" => res(v.readlinkat(&c, fs, files, AT_FDCWD, a[1]), |s| s),
            "ls" => {
                let r = v.openat(&c, fs, files, AT_FDCWD, a[1], O_RDONLY | O_DIRECTORY, 0);
                res(r, |fd| {
                    let ents = v.getdents(&c, fs, files, fd).unwrap();
                    v.close(files, fd).unwrap();
                    let names: Vec<String> = ents
                        .into_iter()
                        .map(|e| e.name)
                        .filter(|n| n != "." && n != "..")
                        .collect();
                    names.join(" ")
                })
            }
            "write" => {
                let r = v.openat(&c, fs, files, AT_FDCWD, a[1], O_WRONLY | O_APPEND, 0);
                ok(r.map(|fd| {
                    v.write(&c, files, fd, a[2].as_bytes()).unwrap();
                    v.close(files, fd).unwrap();
                }))
            }
            "chmod" => ok(v.fchmodat(
                &c,
                fs,
                files,
                AT_FDCWD,
                a[1],
                u32::from_str_radix(a[2], 8).unwrap(),
            )),
            "chdir" => res(v.chdir(&c, fs, files, a[1]), |_| v.getcwd(fs).unwrap()),
            o => panic!("op {o}"),
        }
    }
}

fn replay(recorded: &str, runs: usize, start: fn() -> M) {
    let lines: Vec<&str> = recorded.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len() % runs, 0);
    let mut mismatches = Vec::new();
    for run in lines.chunks(lines.len() / runs) {
        let mut m = start();
        for line in run {
            let (op, want) = line.split_once(" => ").unwrap();
            let got = m.apply(op);
            if got != want {
                mismatches.push(format!("{op}: linux {want}, model {got}"));
            }
            m.v.check_invariants(&[&m.fs], &[&m.files]).unwrap();
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn vfs_replays_linux_6_18_recording() {
    assert_eq!(RECORDED.lines().count(), 1000);
    replay(RECORDED, 4, fresh);
}

#[test]
fn vfs_replays_linux_6_18_recording_as_nobody() {
    assert_eq!(RECORDED_NOBODY.lines().count(), 500);
    replay(RECORDED_NOBODY, 2, fresh_nobody);
}

/// Recorded on Linux 6.18 by the second script below (six runs of 60
/// random mount(2)/umount2(2) calls on a fresh tmpfs at /t holding a, b,
/// c, a/x, b/y, c/w, inside `unshare --mount --propagation private`):
/// results, and every ten calls /proc/self/mountinfo restricted to /t with
/// mount ids and device numbers renamed by first appearance (m0…, d0…).
const RECORDED_MOUNTS: &str = r#"run => 1
tmpfs b => OK
mkdir nope => OK
unbindable c/w => EINVAL
mkdir nope => EEXIST
remro c/w => EINVAL
private b/y => ENOENT
touch b => OK
mkdir a => EEXIST
touch a => OK
tmpfsro c/w => OK
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/b rw,relatime - tmpfs tmpfs rw | m3 m0 d2 / /t/c/w ro,relatime - tmpfs tmpfs ro
move a/x nope => EINVAL
unbindable a/f => EINVAL
umountl a/x => EINVAL
private b/y => ENOENT
remrw a/f => EINVAL
tmpfs b/y => ENOENT
umount a/f => EINVAL
move a/x b/y => ENOENT
rbind nope a/f => ENOTDIR
remro a => EINVAL
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/b rw,relatime - tmpfs tmpfs rw | m3 m0 d2 / /t/c/w ro,relatime - tmpfs tmpfs ro
bind c/w c/w => OK
tmpfs a/x/z => ENOENT
umountl b => OK
move b c => EINVAL
move c/w a/x/z => ENOENT
unbindable a => EINVAL
mkdir b/y => EEXIST
tmpfs c => OK
bind a a/x => OK
touch a/f => ENOTDIR
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/c/w ro,relatime - tmpfs tmpfs ro | m3 m2 d1 / /t/c/w ro,relatime - tmpfs tmpfs ro | m4 m0 d2 / /t/c rw,relatime - tmpfs tmpfs rw | m5 m0 d0 /a /t/a/x rw,relatime - tmpfs tmpfs rw
remro a/f => EINVAL
touch a/x/z => ENOENT
bind a/f a => ENOTDIR
remro a/f => EINVAL
move a/f a/x => EINVAL
remrw a => EINVAL
umountl a/f => EINVAL
move c/w nope => ENOENT
umountl c/w => ENOENT
mkdir a/f => EEXIST
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/c/w ro,relatime - tmpfs tmpfs ro | m3 m2 d1 / /t/c/w ro,relatime - tmpfs tmpfs ro | m4 m0 d2 / /t/c rw,relatime - tmpfs tmpfs rw | m5 m0 d0 /a /t/a/x rw,relatime - tmpfs tmpfs rw
umount nope => EINVAL
bind c a/f => ENOTDIR
touch c => OK
touch b/y => OK
mkdir b => EEXIST
private a => EINVAL
bind b/y b => OK
tmpfs a/x/z => ENOENT
mkdir c => EEXIST
bind a/f c => ENOTDIR
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/c/w ro,relatime - tmpfs tmpfs ro | m3 m2 d1 / /t/c/w ro,relatime - tmpfs tmpfs ro | m4 m0 d2 / /t/c rw,relatime - tmpfs tmpfs rw | m5 m0 d0 /a /t/a/x rw,relatime - tmpfs tmpfs rw | m6 m0 d0 /b/y /t/b rw,relatime - tmpfs tmpfs rw
bind b/y nope => ENOENT
umount nope => EINVAL
mkdir a => EEXIST
remro a/x/z => ENOENT
tmpfsro b/y => ENOENT
bind a/f a/x => ENOTDIR
remrw a => EINVAL
mkdir c/w => OK
mkdir c => EEXIST
move c/w a/f => EINVAL
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/c/w ro,relatime - tmpfs tmpfs ro | m3 m2 d1 / /t/c/w ro,relatime - tmpfs tmpfs ro | m4 m0 d2 / /t/c rw,relatime - tmpfs tmpfs rw | m5 m0 d0 /a /t/a/x rw,relatime - tmpfs tmpfs rw | m6 m0 d0 /b/y /t/b rw,relatime - tmpfs tmpfs rw
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/c/w ro,relatime - tmpfs tmpfs ro | m3 m2 d1 / /t/c/w ro,relatime - tmpfs tmpfs ro | m4 m0 d2 / /t/c rw,relatime - tmpfs tmpfs rw | m5 m0 d0 /a /t/a/x rw,relatime - tmpfs tmpfs rw | m6 m0 d0 /b/y /t/b rw,relatime - tmpfs tmpfs rw
run => 2
mkdir b => EEXIST
umountl c => EINVAL
bind a/x a => OK
touch c => OK
remro a/f => ENOENT
touch nope => ENOENT
bind a a => OK
umountl nope => ENOENT
remro c/w => EINVAL
tmpfs a/f => ENOENT
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d0 /a/x /t/a rw,relatime - tmpfs tmpfs rw | m3 m2 d0 /a/x /t/a rw,relatime - tmpfs tmpfs rw
bind a/x a => ENOENT
tmpfs a/x/z => ENOENT
tmpfs a/f => ENOENT
umountl a/f => ENOENT
tmpfs nope => ENOENT
move a/x/z a/x/z => ENOENT
umountl nope => ENOENT
remro nope => ENOENT
bind nope b/y => ENOENT
unbindable a/f => ENOENT
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d0 /a/x /t/a rw,relatime - tmpfs tmpfs rw | m3 m2 d0 /a/x /t/a rw,relatime - tmpfs tmpfs rw
umountl nope => ENOENT
umountl a/f => ENOENT
unbindable a/x => ENOENT
tmpfs b/y => OK
rbind b/y a/f => ENOENT
touch a/f => ENOENT
touch c/w => OK
tmpfsro nope => ENOENT
umountl b => EINVAL
mkdir a/x => OK
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d0 /a/x /t/a rw,relatime - tmpfs tmpfs rw | m3 m2 d0 /a/x /t/a rw,relatime - tmpfs tmpfs rw | m4 m0 d1 / /t/b/y rw,relatime - tmpfs tmpfs rw
mkdir a => EEXIST
touch a/x => OK
move c b/y => EINVAL
bind a/x a => OK
remrw a => OK
umountl a/x/z => ENOENT
bind a b => OK
mkdir b => EEXIST
mkdir a => EEXIST
bind c c => OK
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d0 /a/x /t/a rw,relatime - tmpfs tmpfs rw | m3 m2 d0 /a/x /t/a rw,relatime - tmpfs tmpfs rw | m4 m0 d1 / /t/b/y rw,relatime - tmpfs tmpfs rw | m5 m3 d0 /a/x/x /t/a rw,relatime - tmpfs tmpfs rw | m6 m0 d0 /a/x/x /t/b rw,relatime - tmpfs tmpfs rw | m7 m0 d0 /c /t/c rw,relatime - tmpfs tmpfs rw
tmpfs a/f => ENOTDIR
remro a => OK
tmpfs a => OK
umountl b => OK
umount nope => ENOENT
rbind nope a/f => ENOENT
mkdir b/y => EEXIST
tmpfs nope => ENOENT
mkdir a/x/z => ENOENT
mkdir nope => OK
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d0 /a/x /t/a rw,relatime - tmpfs tmpfs rw | m3 m2 d0 /a/x /t/a rw,relatime - tmpfs tmpfs rw | m4 m0 d1 / /t/b/y rw,relatime - tmpfs tmpfs rw | m5 m3 d0 /a/x/x /t/a ro,relatime - tmpfs tmpfs rw | m6 m0 d0 /c /t/c rw,relatime - tmpfs tmpfs rw | m7 m5 d2 / /t/a rw,relatime - tmpfs tmpfs rw
move c/w nope => EINVAL
move a/x/z c => ENOENT
umount b/y => OK
remrw a => OK
tmpfs a => OK
mkdir c => EEXIST
tmpfs b => OK
bind a/f a => ENOENT
bind a/x nope => ENOENT
mkdir b/y => OK
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d0 /a/x /t/a rw,relatime - tmpfs tmpfs rw | m3 m2 d0 /a/x /t/a rw,relatime - tmpfs tmpfs rw | m4 m3 d0 /a/x/x /t/a ro,relatime - tmpfs tmpfs rw | m5 m0 d0 /c /t/c rw,relatime - tmpfs tmpfs rw | m6 m4 d1 / /t/a rw,relatime - tmpfs tmpfs rw | m7 m6 d2 / /t/a rw,relatime - tmpfs tmpfs rw | m8 m0 d3 / /t/b rw,relatime - tmpfs tmpfs rw
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d0 /a/x /t/a rw,relatime - tmpfs tmpfs rw | m3 m2 d0 /a/x /t/a rw,relatime - tmpfs tmpfs rw | m4 m3 d0 /a/x/x /t/a ro,relatime - tmpfs tmpfs rw | m5 m0 d0 /c /t/c rw,relatime - tmpfs tmpfs rw | m6 m4 d1 / /t/a rw,relatime - tmpfs tmpfs rw | m7 m6 d2 / /t/a rw,relatime - tmpfs tmpfs rw | m8 m0 d3 / /t/b rw,relatime - tmpfs tmpfs rw
run => 3
bind a/f c => ENOENT
umountl nope => ENOENT
mkdir nope => OK
touch a/x => OK
unbindable a/f => ENOENT
unbindable c/w => EINVAL
bind c a/f => ENOENT
remro a => EINVAL
tmpfs a => OK
mkdir b/y => EEXIST
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/a rw,relatime - tmpfs tmpfs rw
remro c/w => EINVAL
touch nope => OK
umountl b => EINVAL
tmpfs nope => OK
bind c/w b/y => OK
remrw a/f => ENOENT
touch a/x/z => ENOENT
touch c/w => OK
umount a => OK
tmpfs a/x/z => ENOENT
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/nope rw,relatime - tmpfs tmpfs rw | m3 m0 d0 /c/w /t/b/y rw,relatime - tmpfs tmpfs rw
touch b => OK
touch b/y => OK
mkdir b => EEXIST
unbindable b => EINVAL
mkdir c/w => EEXIST
mkdir b/y => EEXIST
remrw b => EINVAL
mkdir c/w => EEXIST
touch b/y => OK
bind a b/y => OK
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/nope rw,relatime - tmpfs tmpfs rw | m3 m0 d0 /c/w /t/b/y rw,relatime - tmpfs tmpfs rw | m4 m3 d0 /a /t/b/y rw,relatime - tmpfs tmpfs rw
mkdir b => EEXIST
touch a => OK
remrw b/y => OK
tmpfs a => OK
umount a/x/z => ENOENT
remro c/w => EINVAL
move c/w a/f => ENOENT
mkdir a/f => OK
remrw a/x => ENOENT
remrw b/y => OK
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/nope rw,relatime - tmpfs tmpfs rw | m3 m0 d0 /c/w /t/b/y rw,relatime - tmpfs tmpfs rw | m4 m3 d0 /a /t/b/y rw,relatime - tmpfs tmpfs rw | m5 m0 d2 / /t/a rw,relatime - tmpfs tmpfs rw
rbind a/f a/x/z => ENOENT
mkdir c/w => EEXIST
mkdir c/w => EEXIST
mkdir a/x/z => ENOENT
umountl a/x/z => ENOENT
unbindable a => OK
mkdir a/x/z => ENOENT
private b/y => OK
tmpfs a/x/z => ENOENT
umount a/x/z => ENOENT
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/nope rw,relatime - tmpfs tmpfs rw | m3 m0 d0 /c/w /t/b/y rw,relatime - tmpfs tmpfs rw | m4 m3 d0 /a /t/b/y rw,relatime - tmpfs tmpfs rw | m5 m0 d2 / /t/a rw,relatime unbindable - tmpfs tmpfs rw
rbind c/w b => OK
mkdir c => EEXIST
move a/x b/y => ENOENT
bind a/x/z c => ENOENT
remrw b => OK
umount a/x/z => ENOENT
private c => EINVAL
umount a/x => ENOENT
bind a/x b => ENOENT
mkdir a/f => EEXIST
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/nope rw,relatime - tmpfs tmpfs rw | m3 m0 d0 /c/w /t/b/y rw,relatime - tmpfs tmpfs rw | m4 m3 d0 /a /t/b/y rw,relatime - tmpfs tmpfs rw | m5 m0 d2 / /t/a rw,relatime unbindable - tmpfs tmpfs rw | m6 m0 d0 /c/w /t/b rw,relatime - tmpfs tmpfs rw
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/nope rw,relatime - tmpfs tmpfs rw | m3 m0 d0 /c/w /t/b/y rw,relatime - tmpfs tmpfs rw | m4 m3 d0 /a /t/b/y rw,relatime - tmpfs tmpfs rw | m5 m0 d2 / /t/a rw,relatime unbindable - tmpfs tmpfs rw | m6 m0 d0 /c/w /t/b rw,relatime - tmpfs tmpfs rw
run => 4
bind b/y b => OK
remro nope => ENOENT
mkdir b => EEXIST
remro a/f => ENOENT
mkdir a/x => EEXIST
touch a/x/z => ENOENT
tmpfs b => OK
tmpfsro a => OK
bind a/x c => ENOENT
rbind b/y a/x/z => ENOENT
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d0 /b/y /t/b rw,relatime - tmpfs tmpfs rw | m3 m2 d1 / /t/b rw,relatime - tmpfs tmpfs rw | m4 m0 d2 / /t/a ro,relatime - tmpfs tmpfs ro
mkdir a/x/z => ENOENT
move a/x c => ENOENT
bind nope b/y => ENOENT
mkdir a/f => EROFS
mkdir b/y => OK
move a/x c/w => ENOENT
remrw b/y => EINVAL
private c => EINVAL
rbind b/y a => OK
mkdir a => EEXIST
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d0 /b/y /t/b rw,relatime - tmpfs tmpfs rw | m3 m2 d1 / /t/b rw,relatime - tmpfs tmpfs rw | m4 m0 d2 / /t/a ro,relatime - tmpfs tmpfs ro | m5 m4 d1 /y /t/a rw,relatime - tmpfs tmpfs rw
bind a/f a/f => ENOENT
unbindable a/x/z => ENOENT
tmpfsro b => OK
tmpfsro nope => ENOENT
tmpfs a/x/z => ENOENT
touch a/x/z => ENOENT
tmpfsro a/x/z => ENOENT
mkdir a/x => OK
touch a/x => OK
umount c => EINVAL
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d0 /b/y /t/b rw,relatime - tmpfs tmpfs rw | m3 m2 d1 / /t/b rw,relatime - tmpfs tmpfs rw | m4 m0 d2 / /t/a ro,relatime - tmpfs tmpfs ro | m5 m4 d1 /y /t/a rw,relatime - tmpfs tmpfs rw | m6 m3 d3 / /t/b ro,relatime - tmpfs tmpfs ro
private a => OK
umountl b => OK
umount a => OK
rbind a/x/z c => ENOENT
remrw b => OK
tmpfsro nope => ENOENT
tmpfs b/y => OK
tmpfs a/x/z => ENOENT
umountl a => OK
tmpfs a/x/z => ENOENT
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d0 /b/y /t/b rw,relatime - tmpfs tmpfs rw | m3 m2 d1 / /t/b rw,relatime - tmpfs tmpfs rw | m4 m3 d2 / /t/b/y rw,relatime - tmpfs tmpfs rw
rbind b nope => ENOENT
tmpfsro c/w => OK
mkdir a => EEXIST
mkdir c => EEXIST
mkdir a/f => OK
touch a/x => OK
mkdir b => EEXIST
rbind c/w a/x => OK
unbindable a/x => OK
private c/w => OK
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d0 /b/y /t/b rw,relatime - tmpfs tmpfs rw | m3 m2 d1 / /t/b rw,relatime - tmpfs tmpfs rw | m4 m3 d2 / /t/b/y rw,relatime - tmpfs tmpfs rw | m5 m0 d3 / /t/c/w ro,relatime - tmpfs tmpfs ro | m6 m0 d3 / /t/a/x ro,relatime unbindable - tmpfs tmpfs ro
mkdir a/x => EEXIST
private a/x => OK
tmpfsro nope => ENOENT
mkdir a => EEXIST
bind a/x a/f => OK
tmpfsro a/x => OK
bind c a/x/z => ENOENT
mkdir a/x/z => EROFS
touch c/w => EROFS
unbindable c/w => OK
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d0 /b/y /t/b rw,relatime - tmpfs tmpfs rw | m3 m2 d1 / /t/b rw,relatime - tmpfs tmpfs rw | m4 m3 d2 / /t/b/y rw,relatime - tmpfs tmpfs rw | m5 m0 d3 / /t/c/w ro,relatime unbindable - tmpfs tmpfs ro | m6 m0 d3 / /t/a/x ro,relatime - tmpfs tmpfs ro | m7 m0 d3 / /t/a/f ro,relatime - tmpfs tmpfs ro | m8 m6 d4 / /t/a/x ro,relatime - tmpfs tmpfs ro
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d0 /b/y /t/b rw,relatime - tmpfs tmpfs rw | m3 m2 d1 / /t/b rw,relatime - tmpfs tmpfs rw | m4 m3 d2 / /t/b/y rw,relatime - tmpfs tmpfs rw | m5 m0 d3 / /t/c/w ro,relatime unbindable - tmpfs tmpfs ro | m6 m0 d3 / /t/a/x ro,relatime - tmpfs tmpfs ro | m7 m0 d3 / /t/a/f ro,relatime - tmpfs tmpfs ro | m8 m6 d4 / /t/a/x ro,relatime - tmpfs tmpfs ro
run => 5
bind a/x/z a/f => ENOENT
mkdir nope => OK
mkdir c => EEXIST
umountl nope => EINVAL
remro a/f => ENOENT
touch a/x => OK
tmpfsro c/w => OK
tmpfs c/w => OK
mkdir c => EEXIST
tmpfs c => OK
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/c/w ro,relatime - tmpfs tmpfs ro | m3 m2 d2 / /t/c/w rw,relatime - tmpfs tmpfs rw | m4 m0 d3 / /t/c rw,relatime - tmpfs tmpfs rw
mkdir a/x => EEXIST
tmpfs c => OK
umount a/x => EINVAL
tmpfsro c => OK
remro b/y => EINVAL
umountl c/w => ENOENT
tmpfs b/y => OK
umount b/y => OK
umount b => EINVAL
umountl b/y => EINVAL
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/c/w ro,relatime - tmpfs tmpfs ro | m3 m2 d2 / /t/c/w rw,relatime - tmpfs tmpfs rw | m4 m0 d3 / /t/c rw,relatime - tmpfs tmpfs rw | m5 m4 d4 / /t/c rw,relatime - tmpfs tmpfs rw | m6 m5 d5 / /t/c ro,relatime - tmpfs tmpfs ro
umount c => OK
unbindable c => OK
bind a a/x/z => ENOENT
remro a => EINVAL
remrw a/x/z => ENOENT
touch a => OK
mkdir c => EEXIST
mkdir a/x => EEXIST
umountl a/f => EINVAL
move b/y nope => EINVAL
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/c/w ro,relatime - tmpfs tmpfs ro | m3 m2 d2 / /t/c/w rw,relatime - tmpfs tmpfs rw | m4 m0 d3 / /t/c rw,relatime - tmpfs tmpfs rw | m5 m4 d4 / /t/c rw,relatime unbindable - tmpfs tmpfs rw
mkdir a/x/z => OK
mkdir c/w => OK
tmpfsro a/x/z => OK
umountl c => OK
bind a/f b => ENOTDIR
rbind a/x/z b/y => OK
tmpfs b => OK
rbind nope c => OK
mkdir b => EEXIST
remro a => EINVAL
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/c/w ro,relatime - tmpfs tmpfs ro | m3 m2 d2 / /t/c/w rw,relatime - tmpfs tmpfs rw | m4 m0 d3 / /t/c rw,relatime - tmpfs tmpfs rw | m5 m0 d4 / /t/a/x/z ro,relatime - tmpfs tmpfs ro | m6 m0 d4 / /t/b/y ro,relatime - tmpfs tmpfs ro | m7 m0 d5 / /t/b rw,relatime - tmpfs tmpfs rw | m8 m4 d0 /nope /t/c rw,relatime - tmpfs tmpfs rw
umountl b/y => ENOENT
remrw c => OK
mkdir nope => EEXIST
tmpfsro c => OK
remrw b => OK
remrw a/x/z => OK
mkdir c/w => EROFS
tmpfs nope => OK
move nope nope => ELOOP
umount nope => OK
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/c/w ro,relatime - tmpfs tmpfs ro | m3 m2 d2 / /t/c/w rw,relatime - tmpfs tmpfs rw | m4 m0 d3 / /t/c rw,relatime - tmpfs tmpfs rw | m5 m0 d4 / /t/a/x/z rw,relatime - tmpfs tmpfs ro | m6 m0 d4 / /t/b/y ro,relatime - tmpfs tmpfs ro | m7 m0 d5 / /t/b rw,relatime - tmpfs tmpfs rw | m8 m4 d0 /nope /t/c rw,relatime - tmpfs tmpfs rw | m9 m8 d6 / /t/c ro,relatime - tmpfs tmpfs ro
rbind nope c/w => ENOENT
tmpfs b => OK
touch c => EROFS
umount c => OK
unbindable b/y => ENOENT
touch a/f => ENOTDIR
mkdir a/x/z => EEXIST
rbind a/x/z a/f => ENOTDIR
bind nope b/y => ENOENT
rbind a/x/z c => OK
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/c/w ro,relatime - tmpfs tmpfs ro | m3 m2 d2 / /t/c/w rw,relatime - tmpfs tmpfs rw | m4 m0 d3 / /t/c rw,relatime - tmpfs tmpfs rw | m5 m0 d4 / /t/a/x/z rw,relatime - tmpfs tmpfs ro | m6 m0 d4 / /t/b/y ro,relatime - tmpfs tmpfs ro | m7 m0 d5 / /t/b rw,relatime - tmpfs tmpfs rw | m8 m4 d0 /nope /t/c rw,relatime - tmpfs tmpfs rw | m9 m7 d6 / /t/b rw,relatime - tmpfs tmpfs rw | m10 m8 d4 / /t/c rw,relatime - tmpfs tmpfs ro
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/c/w ro,relatime - tmpfs tmpfs ro | m3 m2 d2 / /t/c/w rw,relatime - tmpfs tmpfs rw | m4 m0 d3 / /t/c rw,relatime - tmpfs tmpfs rw | m5 m0 d4 / /t/a/x/z rw,relatime - tmpfs tmpfs ro | m6 m0 d4 / /t/b/y ro,relatime - tmpfs tmpfs ro | m7 m0 d5 / /t/b rw,relatime - tmpfs tmpfs rw | m8 m4 d0 /nope /t/c rw,relatime - tmpfs tmpfs rw | m9 m7 d6 / /t/b rw,relatime - tmpfs tmpfs rw | m10 m8 d4 / /t/c rw,relatime - tmpfs tmpfs ro
run => 6
touch b => OK
bind a a => OK
tmpfs nope => ENOENT
umount a => OK
unbindable a/x => EINVAL
touch a/f => ENOENT
tmpfsro a/f => ENOENT
mkdir c/w => EEXIST
mkdir a/x/z => OK
bind nope b => ENOENT
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw
tmpfsro b/y => OK
mkdir a/x => EEXIST
unbindable a/x => EINVAL
touch a/f => ENOENT
umountl a/x => EINVAL
rbind a/x/z b => OK
mkdir a/f => OK
tmpfsro b => OK
rbind a/x c/w => OK
unbindable a/x => EINVAL
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/b/y ro,relatime - tmpfs tmpfs ro | m3 m0 d0 /a/x/z /t/b rw,relatime - tmpfs tmpfs rw | m4 m3 d2 / /t/b ro,relatime - tmpfs tmpfs ro | m5 m0 d0 /a/x /t/c/w rw,relatime - tmpfs tmpfs rw
tmpfsro a/f => OK
tmpfsro c => OK
umount a/f => OK
umountl c/w => ENOENT
remro b/y => ENOENT
unbindable a => EINVAL
remrw c/w => ENOENT
private a/x => EINVAL
private nope => ENOENT
mkdir a/f => EEXIST
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/b/y ro,relatime - tmpfs tmpfs ro | m3 m0 d0 /a/x/z /t/b rw,relatime - tmpfs tmpfs rw | m4 m3 d2 / /t/b ro,relatime - tmpfs tmpfs ro | m5 m0 d0 /a/x /t/c/w rw,relatime - tmpfs tmpfs rw | m6 m0 d3 / /t/c ro,relatime - tmpfs tmpfs ro
unbindable b/y => ENOENT
mkdir a/x => EEXIST
private nope => ENOENT
mkdir a => EEXIST
mkdir b/y => EROFS
tmpfsro b/y => ENOENT
private a/x/z => EINVAL
bind c/w c/w => ENOENT
unbindable b/y => ENOENT
unbindable nope => ENOENT
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/b/y ro,relatime - tmpfs tmpfs ro | m3 m0 d0 /a/x/z /t/b rw,relatime - tmpfs tmpfs rw | m4 m3 d2 / /t/b ro,relatime - tmpfs tmpfs ro | m5 m0 d0 /a/x /t/c/w rw,relatime - tmpfs tmpfs rw | m6 m0 d3 / /t/c ro,relatime - tmpfs tmpfs ro
remro nope => ENOENT
private a/x/z => EINVAL
tmpfs c/w => ENOENT
umount c/w => ENOENT
tmpfs b/y => ENOENT
mkdir nope => OK
tmpfs a => OK
umountl a/x/z => ENOENT
touch a => OK
tmpfs b/y => ENOENT
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/b/y ro,relatime - tmpfs tmpfs ro | m3 m0 d0 /a/x/z /t/b rw,relatime - tmpfs tmpfs rw | m4 m3 d2 / /t/b ro,relatime - tmpfs tmpfs ro | m5 m0 d0 /a/x /t/c/w rw,relatime - tmpfs tmpfs rw | m6 m0 d3 / /t/c ro,relatime - tmpfs tmpfs ro | m7 m0 d4 / /t/a rw,relatime - tmpfs tmpfs rw
remrw a/f => EINVAL
mkdir nope => EEXIST
mkdir a/x/z => ENOENT
tmpfs a/x => ENOENT
tmpfs a => OK
mkdir a => EEXIST
private b => OK
touch c => EROFS
tmpfs b/y => ENOENT
unbindable a => OK
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/b/y ro,relatime - tmpfs tmpfs ro | m3 m0 d0 /a/x/z /t/b rw,relatime - tmpfs tmpfs rw | m4 m3 d2 / /t/b ro,relatime - tmpfs tmpfs ro | m5 m0 d0 /a/x /t/c/w rw,relatime - tmpfs tmpfs rw | m6 m0 d3 / /t/c ro,relatime - tmpfs tmpfs ro | m7 m0 d4 / /t/a rw,relatime - tmpfs tmpfs rw | m8 m7 d5 / /t/a rw,relatime unbindable - tmpfs tmpfs rw
mountinfo => m0 m1 d0 / /t rw,relatime - tmpfs tmpfs rw | m2 m0 d1 / /t/b/y ro,relatime - tmpfs tmpfs ro | m3 m0 d0 /a/x/z /t/b rw,relatime - tmpfs tmpfs rw | m4 m3 d2 / /t/b ro,relatime - tmpfs tmpfs ro | m5 m0 d0 /a/x /t/c/w rw,relatime - tmpfs tmpfs rw | m6 m0 d3 / /t/c ro,relatime - tmpfs tmpfs ro | m7 m0 d4 / /t/a rw,relatime - tmpfs tmpfs rw | m8 m7 d5 / /t/a rw,relatime unbindable - tmpfs tmpfs rw
"#;

fn mount_world() -> M {
    let t = Timespec::default();
    let (mut v, fs) = Vfs::boot(&default_root_image(), NS, t, &NoPseudoFs).unwrap();
    let c = Ctx::root(NS, t);
    let files = FilesStruct::new();
    v.mkdirat(&c, &fs, &files, AT_FDCWD, "/t", 0o755).unwrap();
    v.mount(&c, &fs, &files, "tmpfs", "/t", "tmpfs", 0, "")
        .unwrap();
    for d in ["a", "b", "c", "a/x", "b/y", "c/w"] {
        v.mkdirat(&c, &fs, &files, AT_FDCWD, &format!("/t/{d}"), 0o777)
            .unwrap();
    }
    M {
        v,
        fs,
        files,
        nobody: false,
    }
}

impl M {
    fn mount_op(&mut self, op: &str) -> String {
        let c = Ctx::root(NS, Timespec::default());
        let a: Vec<String> = op.split(' ').map(|x| format!("/t/{x}")).collect();
        let (v, fs, files) = (&mut self.v, &self.fs, &mut self.files);
        let k = op.split(' ').next().unwrap();
        match k {
            "mkdir" => ok(v.mkdirat(&c, fs, files, AT_FDCWD, &a[1], 0o777)),
            "tmpfs" => ok(v.mount(&c, fs, files, "tmpfs", &a[1], "tmpfs", 0, "")),
            "tmpfsro" => ok(v.mount(&c, fs, files, "tmpfs", &a[1], "tmpfs", MS_RDONLY, "")),
            "bind" => ok(v.mount(&c, fs, files, &a[1], &a[2], "", MS_BIND, "")),
            "rbind" => ok(v.mount(&c, fs, files, &a[1], &a[2], "", MS_BIND | MS_REC, "")),
            "move" => ok(v.mount(&c, fs, files, &a[1], &a[2], "", MS_MOVE, "")),
            "umount" => ok(v.umount2(&c, fs, files, &a[1], 0)),
            "umountl" => ok(v.umount2(&c, fs, files, &a[1], MNT_DETACH)),
            "remro" => ok(v.mount(
                &c,
                fs,
                files,
                "none",
                &a[1],
                "",
                MS_REMOUNT | MS_BIND | MS_RDONLY,
                "",
            )),
            "remrw" => ok(v.mount(&c, fs, files, "none", &a[1], "", MS_REMOUNT | MS_BIND, "")),
            "private" => ok(v.mount(&c, fs, files, "none", &a[1], "", MS_PRIVATE | MS_REC, "")),
            "unbindable" => ok(v.mount(&c, fs, files, "none", &a[1], "", MS_UNBINDABLE, "")),
            "touch" => {
                let r = v.openat(
                    &c,
                    fs,
                    files,
                    AT_FDCWD,
                    &format!("{}/f", a[1]),
                    O_WRONLY | O_CREAT,
                    0o644,
                );
                ok(r.map(|fd| v.close(files, fd).unwrap()))
            }
            o => panic!("op {o}"),
        }
    }

    /// The script's `dump()`.
    fn dump(&self) -> String {
        let mut ids: Vec<String> = Vec::new();
        let mut devs: Vec<String> = Vec::new();
        let mut out = Vec::new();
        let rename = |t: &mut Vec<String>, x: &str, p: &str| {
            let i = t.iter().position(|y| y == x).unwrap_or_else(|| {
                t.push(x.to_owned());
                t.len() - 1
            });
            format!("{p}{i}")
        };
        for l in self.v.render_mountinfo(NS, self.fs.root).lines() {
            let mut f: Vec<String> = l.split(' ').map(str::to_owned).collect();
            if !(f[4] == "/t" || f[4].starts_with("/t/")) {
                continue;
            }
            f[0] = rename(&mut ids, &f[0].clone(), "m");
            f[1] = rename(&mut ids, &f[1].clone(), "m");
            f[2] = rename(&mut devs, &f[2].clone(), "d");
            out.push(f.join(" "));
        }
        out.join(" | ")
    }
}

#[test]
fn vfs_replays_linux_6_18_mount_recording() {
    let mut mismatches = Vec::new();
    let mut m = mount_world();
    for line in RECORDED_MOUNTS.lines().filter(|l| !l.is_empty()) {
        let (op, want) = line.split_once(" => ").unwrap();
        if op == "run" {
            m = mount_world();
            continue;
        }
        if op == "mountinfo" {
            let got = m.dump();
            if got != want {
                mismatches.push(format!("mountinfo:\n linux {want}\n model {got}"));
            }
            continue;
        }
        let got = m.mount_op(op);
        if got != want {
            mismatches.push(format!("{op}: linux {want}, model {got}"));
        }
        m.v.check_invariants(&[&m.fs], &[&m.files]).unwrap();
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/* The recording script (python3, run as root), for regenerating the data:

   mkdir -p /tmp/ctlab-vfs-exp
   for s in 1 2 3 4; do unshare --mount --propagation private \
       python3 diff.py $s 250; done            # RECORDED
   for s in 5 6; do unshare --mount --propagation private \
       python3 diff.py $s 250 nobody; done     # RECORDED_NOBODY

import os, errno, random, sys, stat
seed = int(sys.argv[1]); n = int(sys.argv[2])
rnd = random.Random(seed)
names = ["a", "b", "c", "a/b", "a/c", "b/a", "a/b/c", "l", "m", "l/a", "a/l", ".", "..", "a/..", "b/", "a/b/", "zz/a", "m/x", "/a", "/l/..", "/../b", "l/", "a//b", "/"]
targets = ["a", "b", "c", "..", "a/b", "nope", "l", "m", ".", "/a", "/", "l/a", "a/"]
B = "/tmp/ctlab-vfs-exp/diff"
os.makedirs(B, exist_ok=True)
assert os.system(f"mount -t tmpfs tmpfs {B}") == 0
os.chroot(B)
os.chdir("/")
assert os.getcwd() == "/"
assert os.major(os.stat("/").st_dev) == 0 and os.stat("/").st_ino == 1, "not on the fresh tmpfs"
assert os.listdir("/") == []
B = ""
NOBODY = len(sys.argv) > 3
if NOBODY:
    # root-made setup: p 0700 with a file, q 0755 with a file, s 1777 with a root file
    for d, m in (("p", 0o700), ("q", 0o755), ("s", 0o1777)):
        os.mkdir(d); os.chmod(d, m)
        open(d + "/f", "w").close()
    os.chmod("/", 0o1777)
    os.setgroups([]); os.setresgid(65534, 65534, 65534); os.setresuid(65534, 65534, 65534)
    names += ["p", "p/f", "q", "q/f", "s", "s/f", "q/a", "s/a", "p/a", "s/b"]
ops = []
for i in range(n):
    k = rnd.choice(["mkdir"]*3 + ["rmdir", "unlink", "rename", "rename", "link", "symlink", "open", "open", "stat", "lstat", "readlink", "ls", "write", "chmod", "chdir"])
    p, q = rnd.choice(names), rnd.choice(names)
    if k in ("mkdir","rmdir","unlink","stat","lstat","readlink","ls","chdir"): ops.append(f"{k} {p}")
    elif k in ("rename","link"): ops.append(f"{k} {p} {q}")
    elif k == "symlink": ops.append(f"{k} {rnd.choice(targets)} {p}")
    elif k == "open": ops.append(f"{k} {p} {rnd.choice(['r','w','wc','wce','rd','rnf','wct'])}")
    elif k == "write": ops.append(f"{k} {p} {rnd.choice(['x','hello','0123456789'])}")
    elif k == "chmod": ops.append(f"{k} {p} {rnd.choice(['755','700','1777','644','4755'])}")
FL = {"r": os.O_RDONLY, "w": os.O_WRONLY, "wc": os.O_WRONLY|os.O_CREAT, "wce": os.O_WRONLY|os.O_CREAT|os.O_EXCL,
      "rd": os.O_RDONLY|os.O_DIRECTORY, "rnf": os.O_RDONLY|os.O_NOFOLLOW, "wct": os.O_WRONLY|os.O_CREAT|os.O_TRUNC}
def run(op):
    a = op.split(" ")
    k = a[0]
    try:
        if k == "mkdir": os.mkdir(a[1], 0o777)
        elif k == "rmdir": os.rmdir(a[1])
        elif k == "unlink": os.unlink(a[1])
        elif k == "rename": os.rename(a[1], a[2])
        elif k == "link": os.link(a[1], a[2], follow_symlinks=False)
        elif k == "symlink": os.symlink(a[1], a[2])
        elif k == "open": os.close(os.open(a[1], FL[a[2]], 0o666))
        elif k in ("stat", "lstat"):
            st = os.stat(a[1]) if k == "stat" else os.lstat(a[1])
            return f"{st.st_mode:o} {st.st_nlink} {st.st_size} {st.st_ino} {st.st_blocks}"
        elif k == "readlink": return os.readlink(a[1])
        elif k == "ls":
            fd = os.open(a[1], os.O_RDONLY|os.O_DIRECTORY); os.close(fd)
            return " ".join(os.listdir(a[1]))
        elif k == "write":
            fd = os.open(a[1], os.O_WRONLY|os.O_APPEND); os.write(fd, a[2].encode()); os.close(fd)
        elif k == "chmod": os.chmod(a[1], int(a[2], 8))
        elif k == "chdir": os.chdir(a[1]); return os.getcwd()
        return "OK"
    except OSError as e:
        return errno.errorcode[e.errno]
for op in ops:
    print(f"{op} => {run(op)}")

   The mount recording (RECORDED_MOUNTS):
   for s in 1 2 3 4 5 6; do unshare --mount --propagation private \
       python3 mdiff.py $s 60; done

import os, errno, random, sys, ctypes
libc = ctypes.CDLL(None, use_errno=True)
seed = int(sys.argv[1]); n = int(sys.argv[2])
rnd = random.Random(seed)
B = "/tmp/ctlab-vfs-exp/md"
os.makedirs(B, exist_ok=True)
assert os.system(f"mount -t tmpfs tmpfs {B}") == 0
assert os.major(os.stat(B).st_dev) == 0 and os.stat(B).st_ino == 1 and os.listdir(B) == []
dirs = ["a", "b", "c", "a/x", "b/y", "a/x/z", "c/w", "nope", "a/f"]
MS_RDONLY, MS_REMOUNT, MS_BIND, MS_MOVE, MS_REC, MS_UNBINDABLE, MS_PRIVATE = 1, 32, 4096, 8192, 16384, 1 << 17, 1 << 18
def P(x): return B + "/" + x
def mount(src, tgt, fs, fl):
    if libc.mount(src.encode(), tgt.encode(), fs.encode() if fs else None, ctypes.c_ulong(fl), None) != 0:
        raise OSError(ctypes.get_errno(), "")
def umount(t, fl):
    if libc.umount2(t.encode(), fl) != 0:
        raise OSError(ctypes.get_errno(), "")
for d in ("a", "b", "c", "a/x", "b/y", "c/w"):
    os.mkdir(P(d))
ops = []
for i in range(n):
    k = rnd.choice(["mkdir"] * 4 + ["tmpfs", "tmpfs", "tmpfsro", "bind", "bind", "rbind", "umount", "umountl", "remro", "remrw", "private", "unbindable", "move", "touch", "touch"])
    a, b = rnd.choice(dirs), rnd.choice(dirs)
    ops.append(f"{k} {a} {b}" if k in ("bind", "rbind", "move") else f"{k} {a}")
def run(op):
    x = op.split(" ")
    k = x[0]
    try:
        if k == "mkdir": os.mkdir(P(x[1]))
        elif k == "tmpfs": mount("tmpfs", P(x[1]), "tmpfs", 0)
        elif k == "tmpfsro": mount("tmpfs", P(x[1]), "tmpfs", MS_RDONLY)
        elif k == "bind": mount(P(x[1]), P(x[2]), None, MS_BIND)
        elif k == "rbind": mount(P(x[1]), P(x[2]), None, MS_BIND | MS_REC)
        elif k == "move": mount(P(x[1]), P(x[2]), None, MS_MOVE)
        elif k == "umount": umount(P(x[1]), 0)
        elif k == "umountl": umount(P(x[1]), 2)
        elif k == "remro": mount("none", P(x[1]), None, MS_REMOUNT | MS_BIND | MS_RDONLY)
        elif k == "remrw": mount("none", P(x[1]), None, MS_REMOUNT | MS_BIND)
        elif k == "private": mount("none", P(x[1]), None, MS_PRIVATE | MS_REC)
        elif k == "unbindable": mount("none", P(x[1]), None, MS_UNBINDABLE)
        elif k == "touch": os.close(os.open(P(x[1]) + "/f", os.O_WRONLY | os.O_CREAT, 0o644))
        return "OK"
    except OSError as e:
        return errno.errorcode[e.errno]
def dump():
    ids, devs, out = {}, {}, []
    for l in open("/proc/self/mountinfo"):
        f = l.split(" ")
        if not (f[4] == B or f[4].startswith(B + "/")):
            continue
        for j in (0, 1):
            f[j] = ids.setdefault(f[j], f"m{len(ids)}")
        f[2] = devs.setdefault(f[2], f"d{len(devs)}")
        f[4] = "/t" + f[4][len(B):]
        out.append(" ".join(f).rstrip("\n"))
    return " | ".join(out)
print(f"run => {seed}")
for i, op in enumerate(ops):
    print(f"{op} => {run(op)}")
    if i % 10 == 9:
        print(f"mountinfo => {dump()}")
print(f"mountinfo => {dump()}")
*/
