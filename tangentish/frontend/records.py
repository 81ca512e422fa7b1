"""Objects built inside the differentiated function and only read by attribute:
``p = P(x, x * x)`` then ``p.a * p.b`` becomes ``p = (x, x * x)`` then
``p[0] * p[1]`` (run before the fence), so the derivative flows through the
attributes by the tuple's own rules.  Rewritten only where exact:

* ``p`` is bound once in the function (not a parameter), by a call of a class
  known when the derivative is generated, and every use of ``p`` (nested
  functions included) is an attribute read ``p.f`` of an attribute the
  constructor sets;
* the class is a namedtuple (``collections.namedtuple`` or ``typing.NamedTuple``,
  its fields read through the namedtuple's own accessors, its ``__new__`` the
  namedtuple's), a dataclass (fields all ``init=True`` without
  ``default_factory``, no ``__post_init__``, the generated ``__init__``; an
  ``InitVar`` is a parameter taken and dropped), or a
  plain class whose ``__init__`` (Python source) only assigns its parameters or
  constants to attributes of ``self``;
* no class in its MRO (other than ``object``) defines ``__getattr__``,
  ``__getattribute__``, ``__setattr__`` or ``__new__`` (namedtuples: their own
  ``__new__``), and no attribute read is a property or other descriptor on the
  class; defaults are constants (numbers, strings, None), read from the code and
  ``__defaults__`` of the constructor Python calls (``__new__`` / ``__init__``, not
  ``inspect.signature``, ``_field_defaults`` or ``field.default``).

The class's constructor, hooks, methods and their code and defaults are recorded as
dependencies of the derivative (``sf.deps``), so patching them regenerates it.

Anything else keeps the object and its attribute reads, which are refused where
they carry a derivative (no rule for the attribute)."""
import dataclasses
import functools
import inspect
import types

import gast

from ..core.errors import TransformError, register_lines
from ..ir.compile import compile_function
from ..ir.emit import to_source
from ..ir.naming import all_names
from ..ir.nodes import parameter_names
from .parse import parse_function

_HOOKS = ("__getattr__", "__getattribute__", "__setattr__", "__new__", "__init_subclass__")
_TUPLEGETTER = type(__import__("collections").namedtuple("_T", "a").a)


def _constant(value):
    return value is None or isinstance(value, (bool, int, float, complex, str))


def _plain_hooks(cls, allow_new=None):
    """True if no class in ``cls``'s MRO but object (and ``allow_new``) overrides
    attribute access or object creation."""
    for klass in cls.__mro__:
        if klass in (object, tuple):
            continue
        for hook in _HOOKS:
            if hook in vars(klass) and not (hook == "__new__" and klass is allow_new):
                return False
    return type(cls) is type


def _parameters(fn):
    """(parameters after the first, parameter -> default) of the function ``fn`` as
    Python calls it: its own code object's positional parameters and its own
    ``__defaults__`` (not ``inspect.signature``, which follows ``__wrapped__`` and
    ``__signature__``); None with ``*args``, ``**kwargs``, keyword-only or
    positional-only parameters, or defaults that are not constants."""
    code = getattr(fn, "__code__", None)
    if not isinstance(fn, types.FunctionType) or not isinstance(code, types.CodeType) \
            or code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS) \
            or code.co_kwonlyargcount or code.co_posonlyargcount or fn.__kwdefaults__:
        return None
    names = list(code.co_varnames[:code.co_argcount])
    defaults = fn.__defaults__ or ()
    if not names or len(defaults) > len(names) - 1 \
            or not all(_constant(v) for v in defaults):
        return None
    return names[1:], dict(zip(names[len(names) - len(defaults):], defaults))


def _namedtuple(cls):
    """(parameters, defaults, attributes) of a namedtuple class built as it is, else
    None; the parameters and defaults those of the ``__new__`` called."""
    fields = getattr(cls, "_fields", None)
    if not (isinstance(cls, type) and issubclass(cls, tuple) and isinstance(fields, tuple)):
        return None
    base = next((k for k in cls.__mro__ if "_fields" in vars(k)), None)
    if base is None or not _plain_hooks(cls, allow_new=base) or cls.__init__ is not object.__init__:
        return None
    for f in fields:
        owner = next((k for k in cls.__mro__ if f in vars(k)), None)
        if owner is not base or not isinstance(vars(base)[f], _TUPLEGETTER):
            return None
    new = cls.__new__            # the namedtuple's generated constructor, unchanged
    code = getattr(new, "__code__", None)
    if code is None or code.co_filename != "<string>" or code.co_names != ("_tuple_new",):
        return None
    signature = _parameters(new)
    if signature is None or signature[0] != list(fields):
        return None
    params, defaults = signature
    return params, defaults, {f: ("param", f) for f in fields}


def _dataclass(cls):
    """(parameters, defaults, attributes) of a dataclass whose generated ``__init__``
    only stores its parameters (``InitVar`` parameters taken and dropped), else None;
    parameters and defaults those of the ``__init__`` called."""
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        return None
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.init or hasattr(cls, "__post_init__") \
            or not _plain_hooks(cls) or "__init__" not in vars(cls) \
            or getattr(getattr(cls.__init__, "__code__", None), "co_filename", None) != "<string>":
        return None              # the __init__ dataclass generated (not one the class defines)
    signature = _parameters(cls.__init__)
    if signature is None:
        return None
    names, defaults = signature
    every = getattr(cls, "__dataclass_fields__", {})
    fields = []
    for f in dataclasses.fields(cls):
        if not f.init or f.default_factory is not dataclasses.MISSING \
                or getattr(f, "kw_only", False) or f.name not in names:   # kw_only: 3.10+
            return None
        fields.append(f.name)
    for p in names:              # the others: InitVars (dropped without __post_init__)
        f = every.get(p)
        if p not in fields and (f is None or f._field_type is not dataclasses._FIELD_INITVAR):
            return None
    return names, defaults, {f: ("param", f) for f in fields}


def _plain_class(cls):
    """(parameters, defaults, attribute -> parameter or constant) of a class whose
    ``__init__`` only assigns parameters and constants to attributes of self."""
    if not isinstance(cls, type) or dataclasses.is_dataclass(cls) or issubclass(cls, tuple) \
            or not _plain_hooks(cls) or "__slots__" in vars(cls):
        return None
    init = cls.__init__
    if not isinstance(init, types.FunctionType) or "__init__" not in vars(cls):
        return None
    try:
        node = parse_function(init).node
    except (TransformError, OSError, TypeError):
        return None
    a = node.args
    if a.vararg or a.kwarg or a.kwonlyargs or a.posonlyargs or node.decorator_list \
            or not a.args:
        return None
    params = parameter_names(node)
    self_name, params = params[0], params[1:]
    signature = _parameters(init)      # the code called (parse_function read its source)
    if signature is None or signature[0] != params:
        return None
    defaults = signature[1]
    attrs = {}
    for stmt in node.body:
        if isinstance(stmt, gast.Expr) and isinstance(stmt.value, gast.Constant):
            continue
        if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1):
            return None
        t, v = stmt.targets[0], stmt.value
        if not (isinstance(t, gast.Attribute) and isinstance(t.value, gast.Name)
                and t.value.id == self_name):
            return None
        if isinstance(v, gast.Name) and v.id in params:
            attrs[t.attr] = ("param", v.id)
        elif isinstance(v, gast.Constant) and _constant(v.value):
            attrs[t.attr] = ("const", v.value)
        else:
            return None
    return params, defaults, attrs


def _const(value):
    return gast.Constant(value=value, kind=None)


def _model(cls, call):
    """(display elements, attribute -> index) for ``call`` of ``cls``, or None."""
    if any(isinstance(a, gast.Starred) for a in call.args) or \
            any(k.arg is None for k in call.keywords):
        return None
    record = _namedtuple(cls) or _dataclass(cls)
    if record is not None:
        params, defaults, attrs = record
    else:
        plain = _plain_class(cls)
        if plain is None:
            return None
        params, defaults, attrs = plain
    if len(call.args) > len(params):
        return None
    given = {p: a for p, a in zip(params, call.args)}
    for k in call.keywords:
        if k.arg not in params or k.arg in given:
            return None
        given[k.arg] = k.value
    # the call's own arguments in the order written (evaluated as Python does), then
    # the defaults it leaves out
    order = list(call.args) + [k.value for k in call.keywords]
    elements, index = [], {}
    position = {id(v): i for i, v in enumerate(order)}
    elements.extend(order)
    for p in params:
        if p not in given:
            if p not in defaults:
                return None
            index[p] = len(elements)
            elements.append(_const(defaults[p]))
        else:
            index[p] = position[id(given[p])]
    out = {}
    for attr, (kind, what) in attrs.items():
        if kind == "param":
            out[attr] = index[what]
        else:
            out[attr] = len(elements)
            elements.append(_const(what))
    for attr in out:      # no descriptor of that name on the class (the tuple's own
        # accessors, checked above, aside)
        owner = next((k for k in cls.__mro__ if attr in vars(k)), None)
        if owner is not None and not isinstance(vars(owner)[attr], _TUPLEGETTER) and (
                hasattr(vars(owner)[attr], "__get__") or record is None
                and not dataclasses.is_dataclass(cls)):
            return None
    return elements, out


def _load(name):
    return gast.Name(id=name, ctx=gast.Load(), annotation=None, type_comment=None)


def _class_attribute(cls, name):
    for klass in cls.__mro__:
        if name in vars(klass):
            return vars(klass)[name]
    return None


def _method(cls, name, attrs, count, memo):
    """The method ``name`` of ``cls`` as a plain function taking the ``count`` entries of
    the tuple modelling the object first, in place of ``self`` (``self.a`` -> ``self_0``,
    ``self.m(...)`` -> ``m(self_0, self_1, ...)``), or a static method's function:
    ``(function, takes_self)``; None where not exact (``self`` used otherwise, written
    to, super(), class or other methods)."""
    if name in memo:
        return memo[name]          # None while in progress: recursion is not modelled
    memo[name] = None
    raw = _class_attribute(cls, name)
    if isinstance(raw, staticmethod) and isinstance(raw.__func__, types.FunctionType):
        memo[name] = (raw.__func__, False)
        return memo[name]
    if not isinstance(raw, types.FunctionType) or name in _HOOKS \
            or "__class__" in raw.__code__.co_freevars:
        return None
    try:
        msf = parse_function(raw)
    except (TransformError, OSError, TypeError):
        return None
    node = msf.node
    positional = node.args.posonlyargs + node.args.args
    if not positional or node.decorator_list:
        return None
    fields = _field_names(node, positional[0].id, count)
    extra = _rewrite_self(cls, node, positional[0], fields, attrs, count, memo)
    if extra is None:
        return None
    memo[name] = (_compile_method(cls, raw, msf, node, fields, extra), True)
    return memo[name]


def _field_names(node, me, count):
    """Fresh parameter names ``self_0, self_1, ...`` for the tuple's entries."""
    taken, fields = all_names(node), []
    for i in range(count):
        f, k = f"{me}_{i}", 1
        while f in taken or f in fields:
            f, k = f"{me}_{i}_{k}", k + 1
        fields.append(f)
    return fields


def _rewrite_self(cls, node, first, fields, attrs, count, memo):
    """Rewrite ``node``'s uses of ``self`` (the parameter ``first``): attribute reads
    become the fields, calls of its methods (and ``self(...)``) calls of the methods
    lifted the same way.  The functions those calls name (name -> function), or None
    where ``self`` is used otherwise."""
    me, taken = first.id, all_names(node) | set(fields)
    parents = {}
    for n in gast.walk(node):
        for child in gast.iter_child_nodes(n):
            parents[id(child)] = n
    extra = {}
    for n in list(gast.walk(node)):
        if isinstance(n, gast.Name) and n.id in ("super", "__class__"):
            return None
        if not (isinstance(n, gast.Name) and n.id == me) or n is first:
            continue
        use = parents.get(id(n))
        if isinstance(n.ctx, gast.Load) and isinstance(use, gast.Call) and use.func is n:
            use, call = n, use                 # self(...): __call__
            attr = "__call__"
        elif isinstance(n.ctx, gast.Load) and isinstance(use, gast.Attribute) \
                and isinstance(use.ctx, gast.Load):
            call, attr = parents.get(id(use)), use.attr
        else:
            return None
        if use is not n and attr in attrs:
            _replace(parents, use, gast.copy_location(_load(fields[attrs[attr]]), use))
        elif isinstance(call, gast.Call) and call.func is use:
            inner = _method(cls, attr, attrs, count, memo)
            if inner is None:
                return None
            stem = attr.strip("_")
            callee = f"{stem}_of_{cls.__name__}"
            k = 1
            while callee in taken or (callee in extra and extra[callee] is not inner[0]):
                callee, k = f"{stem}_of_{cls.__name__}_{k}", k + 1
            extra[callee] = inner[0]
            call.func = gast.copy_location(_load(callee), use)
            if inner[1]:
                call.args = [_load(f) for f in fields] + call.args
        else:
            return None
    return extra


def _compile_method(cls, raw, msf, node, fields, extra):
    """The rewritten method ``node`` with the fields as its leading parameters, compiled
    (its lines mapped to the method's own), with the method's defaults."""
    a = node.args
    params = [gast.Name(id=f, ctx=gast.Param(), annotation=None, type_comment=None)
              for f in fields]
    if a.posonlyargs:
        a.posonlyargs = params + a.posonlyargs[1:]
    else:
        a.args = params + a.args[1:]
    node.name = f"{node.name}_of_{cls.__name__}"
    gast.fix_missing_locations(node)
    origins = {}
    source = to_source(node, origins, own_lines=True)
    filename = f"<tangentish {raw.__qualname__} on an object built as a tuple>"
    register_lines(filename, msf.filename, {line + 1: at for line, at in origins.items()})
    out = compile_function(source, node, filename, raw, extra)
    out.__defaults__, out.__kwdefaults__ = raw.__defaults__, raw.__kwdefaults__
    return out


def _guard(sf, cls, names):
    """Make the derivative's cache guard (``driver.Generated.valid``) check what the
    rewrite of an object of ``cls`` read: the class's bases, constructor, attribute hooks,
    the attributes and methods ``names`` (as looked up on the class), and the code
    objects and defaults of the functions inlined (constructor and methods), so a
    class patched after the first derivative regenerates it."""
    deps = getattr(sf, "deps", None)
    if deps is None:
        return
    deps[("attr", cls, "__bases__")] = cls.__bases__
    for name in set(names) | {"__init__", "__new__", "__call__", *_HOOKS}:
        raw = inspect.getattr_static(cls, name, None)
        deps[("static", cls, name)] = raw
        fn = raw.__func__ if isinstance(raw, (staticmethod, classmethod)) else raw
        if isinstance(fn, types.FunctionType):
            for attr in ("__code__", "__defaults__", "__kwdefaults__"):
                deps[("attr", fn, attr)] = getattr(fn, attr)


def _replace(parents, old, new):
    parent = parents[id(old)]
    for field, value in gast.iter_fields(parent):
        if value is old:
            setattr(parent, field, new)
        elif isinstance(value, list):
            value[:] = [new if v is old else v for v in value]
    parents[id(new)] = parent


def _uses(node):
    """(stores, loads, parents, params) of ``node``: the name nodes binding and reading
    each name (nested defs and classes bind theirs), each node's parent, the
    function's parameters."""
    stores, loads, parents = {}, {}, {}
    for n in gast.walk(node):
        for child in gast.iter_child_nodes(n):
            parents[id(child)] = n
        if isinstance(n, gast.Name):
            (loads if isinstance(n.ctx, gast.Load) else stores).setdefault(n.id, []).append(n)
        if isinstance(n, (gast.FunctionDef, gast.ClassDef)) and n is not node:
            stores.setdefault(n.name, []).append(n)
    return stores, loads, parents, set(parameter_names(node))


def rewrite(ctx, node):
    """Rewrite (in place) the objects of ``node`` only read by attribute and called
    through their methods (or ``__call__``)."""
    sf, resolver = ctx.sf, ctx.resolver
    stores, loads, parents, params = _uses(node)
    for stmt in gast.walk(node):
        if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], gast.Name) and isinstance(stmt.value, gast.Call)
                and isinstance(stmt.value.func, (gast.Name, gast.Attribute))):
            continue
        name = stmt.targets[0].id
        if name in params or len(stores.get(name, ())) != 1 or not loads.get(name):
            continue
        cls = resolver.resolve(stmt.value.func)
        if not isinstance(cls, type):
            continue
        model = _model(cls, stmt.value)
        if model is None:
            continue
        elements, attrs = model
        memo, plan = {}, []
        for u in loads[name]:
            parent = parents.get(id(u))
            if isinstance(parent, gast.Call) and parent.func is u:
                method = _method(cls, "__call__", attrs, len(elements), memo)   # o(...)
                plan.append((parent, "__call__", method))
            elif isinstance(parent, gast.Attribute) and isinstance(parent.ctx, gast.Load) \
                    and parent.attr in attrs:
                plan.append((parent, None, None))                        # o.a
            elif isinstance(parent, gast.Attribute) and isinstance(parent.ctx, gast.Load) \
                    and isinstance(parents.get(id(parent)), gast.Call) \
                    and parents[id(parent)].func is parent:
                method = _method(cls, parent.attr, attrs, len(elements), memo)  # o.m()
                plan.append((parents[id(parent)], parent.attr, method))
            else:
                plan = None
                break
        if plan is None or any(what is not None and method is None
                               for _, what, method in plan):
            continue
        _guard(sf, cls, set(attrs) | set(memo))
        stmt.value = gast.copy_location(gast.Tuple(elts=elements, ctx=gast.Load()), stmt.value)
        for use, what, method in plan:
            if what is None:
                sub = gast.Subscript(value=use.value, slice=_const(attrs[use.attr]),
                                     ctx=gast.Load())
                _replace(parents, use, gast.copy_location(sub, use))
                continue
            fn, takes_self = method
            callee = ctx.namer.new(f"{cls.__name__}_{what.strip('_')}")
            ctx.injected[callee] = fn
            use.func = gast.copy_location(_load(callee), use.func)
            if takes_self:
                use.args = [gast.copy_location(gast.Subscript(
                    value=_load(name), slice=_const(i), ctx=gast.Load()), use)
                    for i in range(len(elements))] + use.args
    gast.fix_missing_locations(node)
    return node


# -- functools.partial objects called directly ----------------------------------------

def _partial_model(resolver, call):
    """(function node, positional count, keyword names) of ``functools.partial(f, ...)``
    with ``f`` named statically (a Python function or class known now), else None."""
    if resolver.resolve(call.func) is not functools.partial or not call.args \
            or any(isinstance(a, gast.Starred) for a in call.args) \
            or any(k.arg is None for k in call.keywords):
        return None
    func = call.args[0]
    if not isinstance(func, (gast.Name, gast.Attribute)) or not callable(resolver.resolve(func)):
        return None
    return func, len(call.args) - 1, [k.arg for k in call.keywords]


def rewrite_partials(sf, resolver, node):
    """``f = functools.partial(g, a, k=b)`` then ``f(c)`` becomes ``f = (a, b)`` then
    ``g(f[0], c, k=f[1])``: the bound values evaluated where the partial is made (as
    ``partial`` does), the call's keywords overriding the partial's.  Only where ``f``
    is bound once (not a parameter), every use of it is a call ``f(...)`` and ``g`` is
    named statically (a global or module attribute, checked by the cache's guards)."""
    stores, loads, parents, params = _uses(node)
    for stmt in list(gast.walk(node)):
        if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], gast.Name) and isinstance(stmt.value, gast.Call)):
            continue
        name = stmt.targets[0].id
        if name in params or len(stores.get(name, ())) != 1 or not loads.get(name):
            continue
        uses = [parents.get(id(u)) for u in loads[name]]
        if not all(isinstance(u, gast.Call) and isinstance(u.func, gast.Name)
                   and u.func is v for u, v in zip(uses, loads[name])):
            continue
        model = _partial_model(resolver, stmt.value)
        if model is None:
            continue
        func, npos, kwnames = model
        if isinstance(func, gast.Name) and (func.id in stores or func.id in params):
            continue
        values = stmt.value.args[1:] + [k.value for k in stmt.value.keywords]
        stmt.value = gast.copy_location(gast.Tuple(elts=values, ctx=gast.Load()), stmt.value)

        def item(i, at):
            sub = gast.Subscript(value=gast.Name(id=name, ctx=gast.Load(), annotation=None,
                                                 type_comment=None),
                                 slice=_const(i), ctx=gast.Load())
            return gast.copy_location(sub, at)

        for use in uses:
            if any(k.arg is None for k in use.keywords) and kwnames:
                return sf_refuse(sf, use)
            use.func = gast.copy_location(_copy(func), use.func)
            use.args = [item(i, use) for i in range(npos)] + use.args
            # Python passes {**partial.keywords, **call keywords}: an overridden keyword
            # keeps the partial's position (seen by a **kwargs function), the call's
            # value; the call's other keywords follow in the order written
            own = {k.arg: k for k in use.keywords if k.arg is not None}
            keywords = [own[k] if k in own else
                        gast.keyword(arg=k, value=item(npos + j, use))
                        for j, k in enumerate(kwnames)] + \
                [k for k in use.keywords if k.arg not in kwnames]
            moved = [k for k in keywords if any(k is w for w in use.keywords)]
            if any(a is not b for a, b in zip(moved, use.keywords)) and not all(
                    isinstance(k.value, (gast.Name, gast.Constant)) for k in use.keywords):
                raise sf.error(
                    "a functools.partial's keyword overridden by a call that also passes "
                    "keywords written before it: Python evaluates the call's keywords in "
                    "the order written but passes the overridden one at the partial's "
                    "position, which tangentish cannot express without reordering",
                    "compute the keyword values into variables before the call", use)
            use.keywords = keywords
    gast.fix_missing_locations(node)
    return node


def _copy(node):
    if isinstance(node, gast.Name):
        return gast.Name(id=node.id, ctx=gast.Load(), annotation=None, type_comment=None)
    return gast.Attribute(value=_copy(node.value), attr=node.attr, ctx=gast.Load())


def sf_refuse(sf, at):
    raise sf.error("a functools.partial with keywords called with ** unpacking: tangentish "
                   "cannot tell which keywords the call overrides",
                   "pass the keywords explicitly", at)
