//! Where a campaign's threads run: with a job per core, each job (its thread, its generator thread
//! and its worker processes) is kept on one core, and generation gives way to the engines.
//!
//! A job is a chain of hand-overs: the harness sends a module to a worker, waits, reads its
//! answer, sends the module to the next worker. Between two cores every hand-over wakes a thread
//! on the other core: measured with `perf bench sched pipe` on the 2-core VM this project is
//! developed on, a round trip costs 73.5 µs between cores and 3.2 µs on one core, and the
//! scheduler often left a woken thread waiting behind the other job while a core sat idle (`perf
//! sched latency`: 1.3 ms average delay). On one core the hand-overs are cheap and the core never
//! waits for the other one.

use std::io;

/// The CPUs this process may run on (its affinity mask, as `taskset` or a cgroup set it), in
/// increasing order; empty when the mask cannot be read.
pub fn allowed_cpus() -> Vec<usize> {
    // SAFETY: a zeroed `cpu_set_t` is a valid empty set, and the size passed is its size.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    let read = unsafe { libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut set) };
    if read != 0 {
        return Vec::new();
    }
    let max = 8 * std::mem::size_of::<libc::cpu_set_t>();
    // SAFETY: `cpu` is below the set's capacity in bits.
    (0..max).filter(|&cpu| unsafe { libc::CPU_ISSET(cpu, &set) }).collect()
}

/// Keeps the calling thread on `cpu`. Threads and processes it starts afterwards inherit this
/// (a job's generator thread and its worker processes, restarted ones included).
///
/// # Errors
///
/// When the kernel refuses the mask (for example a CPU outside the process's cgroup).
pub fn pin_current_thread(cpu: usize) -> io::Result<()> {
    // SAFETY: a zeroed `cpu_set_t` is a valid empty set; `CPU_SET` checks `cpu` against its size.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    unsafe { libc::CPU_SET(cpu, &mut set) };
    // SAFETY: pid 0 is the calling thread; the size passed is the set's size.
    if unsafe { libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) } == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// The nice value of a job's generator thread: the lowest priority, so that a job's engines, its
/// worker transport and its comparison run first when they are ready, and generation takes the
/// core while the job waits for it (its time is then counted as generation, not hidden in the
/// engines' or the transport's).
pub const GENERATOR_NICE: libc::c_int = 19;

/// Gives the calling thread (only it: on Linux a thread id names one thread) nice value `nice`.
///
/// # Errors
///
/// When the kernel refuses it.
pub fn renice_current_thread(nice: libc::c_int) -> io::Result<()> {
    // SAFETY: `gettid` has no preconditions.
    let tid = unsafe { libc::gettid() };
    // SAFETY: PRIO_PROCESS with a thread id changes only that thread's nice value.
    if unsafe { libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, nice) } == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pinned_thread_runs_only_on_its_cpu_and_its_children_inherit_it() {
        let allowed = allowed_cpus();
        assert!(!allowed.is_empty(), "the affinity mask is readable");
        let cpu = *allowed.last().unwrap();
        std::thread::spawn(move || {
            pin_current_thread(cpu).unwrap();
            assert_eq!(allowed_cpus(), vec![cpu]);
            let child = std::thread::spawn(allowed_cpus).join().unwrap();
            assert_eq!(child, vec![cpu], "a thread started by a pinned thread stays on its CPU");
        })
        .join()
        .unwrap();
        assert_eq!(allowed_cpus(), allowed, "pinning is the calling thread's only");
    }

    #[test]
    fn renicing_changes_the_calling_threads_priority_only() {
        // SAFETY: getpriority has no preconditions; errno is not needed for values 0..=19.
        let nice_of = |tid: libc::pid_t| unsafe { libc::getpriority(libc::PRIO_PROCESS, tid as libc::id_t) };
        let here = unsafe { libc::gettid() };
        let before = nice_of(here);
        let (tid, nice) = std::thread::spawn(|| {
            renice_current_thread(GENERATOR_NICE).unwrap();
            let tid = unsafe { libc::gettid() };
            (tid, unsafe { libc::getpriority(libc::PRIO_PROCESS, tid as libc::id_t) })
        })
        .join()
        .unwrap();
        assert_ne!(tid, here);
        assert_eq!(nice, GENERATOR_NICE);
        assert_eq!(nice_of(here), before);
    }
}
