//! Dunder methods of the built-in containers (`list.__len__`, ...), for
//! code that calls them explicitly; the VM itself uses its protocols.

use crate::objects::{Args, Value};
use crate::vm::eval::Op;
use crate::vm::{PyResult, Vm};

pub fn len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (s, _) = super::dunders::slot_args(args, "object", "__len__", 0)?;
    Ok(Value::from(super::functions::length(vm, &s)?))
}

pub fn getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (s, a) = super::dunders::slot_args(args, "object", "__getitem__", 1)?;
    vm.getitem(&s, a[0].clone())
}

pub fn setitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (s, a) = super::dunders::slot_args(args, "object", "__setitem__", 2)?;
    vm.setitem(&s, a[0].clone(), a[1].clone())?;
    Ok(Value::None)
}

pub fn delitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (s, a) = super::dunders::slot_args(args, "object", "__delitem__", 1)?;
    vm.delitem(&s, a[0].clone())?;
    Ok(Value::None)
}

pub fn contains(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (s, a) = super::dunders::slot_args(args, "object", "__contains__", 1)?;
    Ok(Value::Bool(vm.contains(&s, &a[0])?))
}

pub fn iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (s, _) = super::dunders::slot_args(args, "object", "__iter__", 0)?;
    vm.get_iter(s)
}

pub fn eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (s, a) = super::dunders::slot_args(args, "object", "__eq__", 1)?;
    if vm.type_of(&s).name != vm.type_of(&a[0]).name {
        return Ok(Value::NotImplemented);
    }
    vm.compare(s, a[0].clone(), Op::Eq)
}

pub fn repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (s, _) = super::dunders::slot_args(args, "object", "__repr__", 0)?;
    Ok(Value::str(vm.repr(&s)?))
}
