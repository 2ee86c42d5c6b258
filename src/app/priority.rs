//! Background threads yield to the UI thread: the corpus scan's threads
//! run at a lower scheduling priority, so that on a machine whose cores
//! they keep busy a key is still answered at once.
//!
//! On Linux the nice value belongs to each thread (`setpriority` with a
//! thread id, through `rustix`'s safe wrapper); elsewhere, where it would
//! lower the whole process, nothing is done.

/// How much nicer (lower priority) than before a background thread makes
/// itself: at 10, the kernel gives a busy thread of nice 0 about ten times
/// the CPU time of one of nice 10.
pub const NICER: i32 = 10;

/// The nicest value there is (the lowest priority).
const NICEST: i32 = 19;

/// Lowers the calling thread's priority by [`NICER`] (at most to the
/// lowest). A refusal changes nothing: the thread runs as before.
pub fn lower_this_thread() {
    #[cfg(target_os = "linux")]
    {
        let tid = Some(rustix::thread::gettid());
        let now = rustix::process::getpriority_process(tid).unwrap_or(0);
        let _ = rustix::process::setpriority_process(tid, now.saturating_add(NICER).min(NICEST));
    }
}

/// The calling thread's nice value (Linux; 0 elsewhere).
pub fn this_thread_niceness() -> i32 {
    #[cfg(target_os = "linux")]
    {
        rustix::process::getpriority_process(Some(rustix::thread::gettid())).unwrap_or(0)
    }
    #[cfg(not(target_os = "linux"))]
    {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_os = "linux")]
    fn a_background_thread_is_nicer_and_the_caller_is_not() {
        let before = this_thread_niceness();
        let inside = std::thread::spawn(|| {
            let before = this_thread_niceness();
            lower_this_thread();
            (before, this_thread_niceness())
        })
        .join()
        .unwrap();
        assert_eq!(inside.1, (inside.0 + NICER).min(NICEST));
        assert!(inside.1 > inside.0 || inside.0 == NICEST);
        // Only that thread: the caller's priority is what it was.
        assert_eq!(this_thread_niceness(), before);
    }
}
