//! The native classes under `multiprocessing.synchronize`: `SemLock` (the
//! core of Lock, RLock, Semaphore and BoundedSemaphore), `SharedEvent` and
//! `CondQueue`. Their state is in shared memory (`sync.rs`), so a copy
//! rebuilt in a child process is the same lock.

use super::shm::Block;
use super::sync::{CondQueue, Event, Semaphore, COND_BYTES, EVENT_BYTES, SEMAPHORE_BYTES};
use super::{payload, rebuild_args, timeout_arg};
use crate::modules::builtins::types::Spec;
use crate::objects::exception::{value_error, PyErr};
use crate::objects::{Args, Class, ExcKind, Instance, Value};
use crate::vm::{PyResult, Vm};
use std::rc::Rc;
use std::time::{Duration, Instant};

/// `kind` values, as CPython's `_multiprocessing`.
pub const RECURSIVE_MUTEX: i64 = 0;
pub const SEMAPHORE: i64 = 1;

pub struct SemLock {
    sem: Semaphore,
    kind: i64,
    maxvalue: u32,
}

/// Who is asking: this process and thread, never 0.
fn me(vm: &Vm) -> u64 {
    let (pid, _) = crate::unsafety::ipc::pids();
    let tid = crate::unsafety::thread_ids().1;
    let _ = vm;
    (u64::from(pid) << 32) | (tid & 0xffff_ffff)
}

/// Waits for `try_once` to succeed, in slices without the GIL, until
/// `timeout` (None: forever; Some(0): just try).
pub fn wait_for(
    vm: &mut Vm,
    timeout: Option<Duration>,
    attempt: impl Fn(Instant) -> bool + Send + Sync,
) -> PyResult<bool> {
    if attempt(Instant::now()) {
        return Ok(true);
    }
    if timeout == Some(Duration::ZERO) {
        return Ok(false);
    }
    let r = vm.block(timeout, |slice| {
        attempt(Instant::now() + slice).then_some(())
    })?;
    Ok(r.is_some())
}

pub const SEMLOCK: Spec = Spec {
    new: Some(semlock_new),
    methods: &[
        ("acquire", semlock_acquire),
        ("release", semlock_release),
        ("__enter__", semlock_acquire),
        ("__exit__", semlock_exit),
        ("_count", semlock_count),
        ("_is_mine", semlock_is_mine),
        ("_get_value", semlock_get_value),
        ("_is_zero", semlock_is_zero),
        ("_release_all", semlock_release_all),
        ("_acquire_restore", semlock_acquire_restore),
        ("_owner", semlock_owner),
        ("__reduce__", semlock_reduce),
    ],
    getters: &[("kind", semlock_kind), ("maxvalue", semlock_maxvalue)],
    ..Spec::new("SemLock")
};

/// `SemLock(kind, value, maxvalue)`.
fn semlock_new(vm: &mut Vm, cls: &Rc<Class>, args: Args) -> PyResult<Value> {
    let [kind, value, maxvalue] = args.bind("SemLock", ["kind", "value", "maxvalue"], 3)?;
    let kind = vm.arg_i64(&kind.unwrap_or(Value::None))?;
    let value = vm.arg_i64(&value.unwrap_or(Value::None))?;
    let maxvalue = vm.arg_i64(&maxvalue.unwrap_or(Value::None))?;
    if !(0..=i64::from(u32::MAX)).contains(&value) {
        return Err(value_error("semaphore initial value must be >= 0"));
    }
    let block = Block::alloc(SEMAPHORE_BYTES)?;
    let lock = SemLock {
        sem: Semaphore::new(block, value as u32),
        kind,
        maxvalue: maxvalue.clamp(1, i64::from(u32::MAX)) as u32,
    };
    Ok(Value::Instance(Instance::with_payload(
        cls.clone(),
        Box::new(Rc::new(lock)),
    )))
}

/// `_rebuild_semlock(fd, arena_len, offset, len, kind, maxvalue)` in a child.
pub fn rebuild_semlock(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (block, rest) = rebuild_args(vm, args, 2)?;
    let lock = SemLock {
        sem: Semaphore { block },
        kind: rest[0],
        maxvalue: rest[1].clamp(1, i64::from(u32::MAX)) as u32,
    };
    let cls = super::class_named(vm, "SemLock")?;
    Ok(Value::Instance(Instance::with_payload(
        cls,
        Box::new(Rc::new(lock)),
    )))
}

fn semlock_of(vm: &Vm, v: &Value) -> PyResult<Rc<SemLock>> {
    payload::<Rc<SemLock>>(vm, v, "SemLock")
}

fn semlock_acquire(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [this, block, timeout] = args.bind("acquire", ["self", "block", "timeout"], 1)?;
    let lock = semlock_of(vm, &this.unwrap_or(Value::None))?;
    let blocking = match block {
        Some(b) => vm.truthy(&b)?,
        None => true,
    };
    let timeout = if blocking {
        timeout_arg(vm, timeout)?
    } else {
        Some(Duration::ZERO)
    };
    let me = me(vm);
    if lock.kind == RECURSIVE_MUTEX && lock.sem.owner() == me {
        lock.sem.set_owner(me, lock.sem.count() + 1);
        return Ok(Value::Bool(true));
    }
    let sem_lock = lock.clone();
    let sem = SendSem(sem_lock.sem.block.clone());
    let got = wait_for(vm, timeout, move |deadline| {
        sem.get().acquire_until(deadline)
    })?;
    if got {
        lock.sem.set_owner(me, 1);
    }
    Ok(Value::Bool(got))
}

/// A semaphore handle that can cross into a closure run without the GIL.
struct SendSem(Block);

impl SendSem {
    fn get(&self) -> Semaphore {
        Semaphore {
            block: self.0.clone(),
        }
    }
}

fn release(vm: &Vm, lock: &SemLock) -> PyResult<()> {
    if lock.kind == RECURSIVE_MUTEX {
        if lock.sem.owner() != me(vm) {
            return Err(PyErr::new(
                ExcKind::AssertionError,
                "attempt to release recursive lock not owned by thread",
            ));
        }
        let count = lock.sem.count();
        if count > 1 {
            lock.sem.set_owner(me(vm), count - 1);
            return Ok(());
        }
    } else if lock.sem.value() >= lock.maxvalue {
        return Err(value_error("semaphore or lock released too many times"));
    }
    lock.sem.set_owner(0, 0);
    lock.sem.release();
    Ok(())
}

fn semlock_release(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("release", 0, 0)?;
    release(vm, &*semlock_of(vm, &this)?)?;
    Ok(Value::None)
}

fn semlock_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let this = args.pos.first().cloned().unwrap_or(Value::None);
    release(vm, &*semlock_of(vm, &this)?)?;
    Ok(Value::None)
}

fn semlock_count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("_count", 0, 0)?;
    let lock = semlock_of(vm, &this)?;
    let mine = lock.sem.owner() == me(vm);
    Ok(Value::Int(if mine {
        i64::from(lock.sem.count())
    } else {
        0
    }))
}

fn semlock_is_mine(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("_is_mine", 0, 0)?;
    let lock = semlock_of(vm, &this)?;
    Ok(Value::Bool(
        lock.sem.owner() == me(vm) && lock.sem.count() > 0,
    ))
}

fn semlock_owner(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("_owner", 0, 0)?;
    let lock = semlock_of(vm, &this)?;
    let owner = lock.sem.owner();
    Ok(if owner == 0 {
        Value::None
    } else {
        Value::tuple(vec![
            Value::Int((owner >> 32) as i64),
            Value::Int((owner & 0xffff_ffff) as i64),
        ])
    })
}

fn semlock_get_value(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("_get_value", 0, 0)?;
    Ok(Value::Int(i64::from(semlock_of(vm, &this)?.sem.value())))
}

fn semlock_is_zero(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("_is_zero", 0, 0)?;
    Ok(Value::Bool(semlock_of(vm, &this)?.sem.value() == 0))
}

/// Releases a recursive lock completely (for `Condition.wait`); returns
/// the recursion count to restore.
fn semlock_release_all(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("_release_all", 0, 0)?;
    let lock = semlock_of(vm, &this)?;
    let count = lock.sem.count().max(1);
    if lock.kind == RECURSIVE_MUTEX {
        lock.sem.set_owner(me(vm), 1);
    }
    release(vm, &lock)?;
    Ok(Value::Int(i64::from(count)))
}

fn semlock_acquire_restore(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, rest) = args.method("_acquire_restore", 1, 1)?;
    let lock = semlock_of(vm, &this)?;
    let count = vm.arg_i64(&rest[0])?.clamp(1, i64::from(u32::MAX)) as u32;
    let sem = SendSem(lock.sem.block.clone());
    wait_for(vm, None, move |deadline| sem.get().acquire_until(deadline))?;
    lock.sem.set_owner(me(vm), count);
    Ok(Value::None)
}

fn semlock_kind(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("kind", 0, 0)?;
    Ok(Value::Int(semlock_of(vm, &this)?.kind))
}

fn semlock_maxvalue(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("maxvalue", 0, 0)?;
    Ok(Value::Int(i64::from(semlock_of(vm, &this)?.maxvalue)))
}

fn semlock_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("__reduce__", 0, 0)?;
    let lock = semlock_of(vm, &this)?;
    let what = if lock.kind == RECURSIVE_MUTEX {
        "RLock"
    } else {
        "Lock"
    };
    super::reduce_block(
        vm,
        "_rebuild_semlock",
        &lock.sem.block,
        what,
        &[lock.kind, i64::from(lock.maxvalue)],
    )
}

// ----- events

pub const EVENT: Spec = Spec {
    new: Some(event_new),
    methods: &[
        ("is_set", event_is_set),
        ("set", event_set),
        ("clear", event_clear),
        ("wait", event_wait),
        ("__reduce__", event_reduce),
    ],
    ..Spec::new("SharedEvent")
};

fn event_new(_vm: &mut Vm, cls: &Rc<Class>, _args: Args) -> PyResult<Value> {
    let block = Block::alloc(EVENT_BYTES)?;
    Ok(Value::Instance(Instance::with_payload(
        cls.clone(),
        Box::new(block),
    )))
}

pub fn rebuild_event(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (block, _) = rebuild_args(vm, args, 0)?;
    let cls = super::class_named(vm, "SharedEvent")?;
    Ok(Value::Instance(Instance::with_payload(
        cls,
        Box::new(block),
    )))
}

fn event_of(vm: &Vm, v: &Value) -> PyResult<Event> {
    Ok(Event {
        block: payload::<Block>(vm, v, "SharedEvent")?,
    })
}

fn event_is_set(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("is_set", 0, 0)?;
    Ok(Value::Bool(event_of(vm, &this)?.is_set()))
}

fn event_set(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("set", 0, 0)?;
    event_of(vm, &this)?.set();
    Ok(Value::None)
}

fn event_clear(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("clear", 0, 0)?;
    event_of(vm, &this)?.clear();
    Ok(Value::None)
}

fn event_wait(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [this, timeout] = args.bind("wait", ["self", "timeout"], 1)?;
    let ev = event_of(vm, &this.unwrap_or(Value::None))?;
    let timeout = timeout_arg(vm, timeout)?;
    let block = ev.block.clone();
    let ok = wait_for(vm, timeout, move |deadline| {
        Event {
            block: block.clone(),
        }
        .wait_until(deadline)
    })?;
    Ok(Value::Bool(ok))
}

fn event_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("__reduce__", 0, 0)?;
    let ev = event_of(vm, &this)?;
    super::reduce_block(vm, "_rebuild_event", &ev.block, "Event", &[])
}

// ----- condition wait queues

pub const COND: Spec = Spec {
    new: Some(cond_new),
    methods: &[
        ("register", cond_register),
        ("wait", cond_wait),
        ("notify", cond_notify),
        ("__reduce__", cond_reduce),
    ],
    ..Spec::new("CondQueue")
};

fn cond_new(_vm: &mut Vm, cls: &Rc<Class>, _args: Args) -> PyResult<Value> {
    let block = Block::alloc(COND_BYTES)?;
    Ok(Value::Instance(Instance::with_payload(
        cls.clone(),
        Box::new(block),
    )))
}

pub fn rebuild_cond(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (block, _) = rebuild_args(vm, args, 0)?;
    let cls = super::class_named(vm, "CondQueue")?;
    Ok(Value::Instance(Instance::with_payload(
        cls,
        Box::new(block),
    )))
}

fn cond_of(vm: &Vm, v: &Value) -> PyResult<CondQueue> {
    Ok(CondQueue {
        block: payload::<Block>(vm, v, "CondQueue")?,
    })
}

/// `register()` -> ticket; call with the condition's lock held.
fn cond_register(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("register", 0, 0)?;
    Ok(Value::Int(i64::from(cond_of(vm, &this)?.register())))
}

/// `wait(ticket, timeout)` -> notified?; call with the lock released.
fn cond_wait(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [this, ticket, timeout] = args.bind("wait", ["self", "ticket", "timeout"], 2)?;
    let q = cond_of(vm, &this.unwrap_or(Value::None))?;
    let ticket = vm.arg_i64(&ticket.unwrap_or(Value::None))? as u32;
    let timeout = timeout_arg(vm, timeout)?;
    let block = q.block.clone();
    let current = std::sync::Mutex::new(ticket);
    let waited = vm.block(timeout, move |slice| {
        let q = CondQueue {
            block: block.clone(),
        };
        let mut t = current.lock().unwrap_or_else(|e| e.into_inner());
        q.wait_slice(&mut t, slice).then_some(())
    });
    match waited {
        Ok(Some(())) => Ok(Value::Bool(true)),
        Ok(None) => Ok(Value::Bool(q.withdraw())),
        Err(e) => {
            // Interrupted: give the registration (or a grant) back.
            if q.withdraw() {
                q.notify(1);
            }
            Err(e)
        }
    }
}

fn cond_notify(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, rest) = args.method("notify", 1, 1)?;
    let n = vm.arg_i64(&rest[0])?.clamp(0, i64::from(u32::MAX)) as u32;
    cond_of(vm, &this)?.notify(n);
    Ok(Value::None)
}

fn cond_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, _) = args.method("__reduce__", 0, 0)?;
    let q = cond_of(vm, &this)?;
    super::reduce_block(vm, "_rebuild_cond", &q.block, "Condition", &[])
}
