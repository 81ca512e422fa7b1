"""Lower control flow to the structured subset the transforms handle.

Runs on the user's (fenced) FunctionDef before normalization.  Afterwards:

* the function has exactly one ``return``, its last statement (an early
  ``return v`` becomes ``<out> = v`` and the rest of the code is guarded, or
  moved into the ``else`` of an ``if`` whose branch always returns);
* ``break`` and ``continue`` are gone except a final ``if <flag>: break`` in a
  loop body: they set a flag, and the rest of the body is guarded by it;
* ``for ... else`` runs its ``else`` under ``if not <flag>:``;
* ``for`` loops iterate over ``range(...)``: ``for v in xs`` becomes
  ``for k in range(len(xs)): v = xs[k]`` (likewise ``enumerate``, ``zip``,
  ``reversed`` and nested targets such as ``for i, (u, v) in enumerate(zip(a, b))``);
  how each container is iterated is iteration.py's part.

Names it invents come from the function's Namer.
"""
import gast

from ..ir import naming, templates
from ..ir.nodes import walk_outer
from . import comprehensions
from .iteration import Iteration
from .locations import copy_loc, loc_all


class ControlLowering:
    def __init__(self, sf, namer, resolver, symbols=None):
        self.sf = sf
        self.namer = namer
        self.iteration = Iteration(sf, namer, resolver, symbols or {})
        self.out_name = None
        self.returned = None

    def run(self):
        node = self.sf.node
        body = node.body
        self.iteration.bindings()
        if _single_final_return(body):
            node.body = self.lower(body, None)
            return node
        self.out_name = self.namer.new(naming.result_name())
        lowered = self.lower(body, None)
        prologue = []
        if self.returned is not None:
            prologue.append(copy_loc(templates.assign(self.returned, templates.const(False)), node))
        ret = copy_loc(gast.Return(value=templates.name(self.out_name)), body[-1])
        node.body = prologue + lowered + [ret]
        return node

    # -- blocks ---------------------------------------------------------------
    def lower(self, stmts, loop):
        out = []
        for i, stmt in enumerate(stmts):
            rest = stmts[i + 1:]
            visit = getattr(self, "visit_" + type(stmt).__name__, None)
            if visit is None:
                out.append(stmt)
                continue
            lowered, finished = visit(stmt, rest, loop)
            out.extend(lowered)
            if finished:
                return out
            flags = self.flags_set_by(stmt, loop)
            if flags and rest:
                inner = self.lower(rest, loop)
                if inner:
                    out.append(copy_loc(gast.If(test=_none_of(flags), body=inner, orelse=[]), stmt))
                return out
        return out

    # Each visit_<Statement>(stmt, rest, loop) returns (its lowered statements,
    # whether the rest of the block is dead or already lowered inside them).
    def visit_Return(self, stmt, rest, loop):
        if self.out_name is None:          # the function's single final return
            return [stmt], True
        return self.assign_return(stmt, loop), True     # anything after it is dead

    def visit_Break(self, stmt, rest, loop):
        if loop is None:
            raise self.sf.error("break/continue outside a loop", "", stmt)
        flag = loop.break_flag() if isinstance(stmt, gast.Break) else loop.skip_flag()
        return [copy_loc(templates.assign(flag, templates.const(True)), stmt)], True

    visit_Continue = visit_Break

    def visit_If(self, stmt, rest, loop):
        body_always, else_always = _always_exits(stmt.body), _always_exits(stmt.orelse)
        if body_always and else_always:
            return [self.lower_if(stmt, stmt.body, stmt.orelse, loop)], True
        if body_always and not _may_exit(stmt.orelse):
            # `if c: ... return a` followed by the rest: the rest is the else branch.
            return [self.lower_if(stmt, stmt.body, list(stmt.orelse) + rest, loop)], True
        if else_always and not _may_exit(stmt.body):
            return [self.lower_if(stmt, list(stmt.body) + rest, stmt.orelse, loop)], True
        return [self.lower_if(stmt, stmt.body, stmt.orelse, loop)], False

    def visit_For(self, stmt, rest, loop):
        return self.lower_loop(stmt, loop), False

    visit_While = visit_For

    def lower_if(self, stmt, body, orelse, loop):
        return copy_loc(gast.If(test=stmt.test, body=self.lower(body, loop) or [gast.Pass()],
                                 orelse=self.lower(orelse, loop)), stmt)

    def flags_set_by(self, stmt, loop):
        """Flags that ``stmt`` may have set, after which the rest of the block must not run."""
        flags = []
        if _contains(stmt, gast.Return) and self.returned is not None:
            flags.append(self.returned if loop is None else loop.break_flag())
        if loop is not None and not isinstance(stmt, (gast.For, gast.While)):
            if _contains_at_level(stmt, gast.Break) and loop.broke:
                flags.append(loop.broke)
            if _contains_at_level(stmt, gast.Continue) and loop.skipped:
                flags.append(loop.skipped)
        return list(dict.fromkeys(flags))

    def assign_return(self, stmt, loop):
        value = stmt.value if stmt.value is not None else templates.const(None)
        new = [copy_loc(templates.assign(self.out_name, value), stmt)]
        if self.returned is None:
            self.returned = self.namer.new(naming.returned_flag())
        new.append(copy_loc(templates.assign(self.returned, templates.const(True)), stmt))
        if loop is not None and loop.break_flag() != self.returned:
            new.append(copy_loc(templates.assign(loop.break_flag(), templates.const(True)), stmt))
        return new

    def returns_through(self, stmt, outer):
        """``stmt`` is a loop outside any loop, with a return but no ``break`` of its
        own, and no return came before it: it ends early exactly when the function
        returns, so one flag says both (``returned``)."""
        return (outer is None and self.out_name is not None and self.returned is None
                and _contains(stmt, gast.Return) and not stmt.orelse
                and not any(_contains_at_level(s, gast.Break) for s in stmt.body))

    # -- loops ----------------------------------------------------------------
    def lower_loop(self, stmt, outer):
        loop = LoopContext(self.namer)
        if self.returns_through(stmt, outer):
            # no return before it: the loop's break flag is the function's returned flag
            loop.broke = self.returned = self.namer.new(naming.returned_flag())
            loop.returns = True
        if isinstance(stmt, gast.For):
            pre, target, iter_call, extract = self.iteration.lower(stmt)
            body = self.lower(extract + list(stmt.body), loop)
        else:
            pre = []
            body = self.lower(list(stmt.body), loop)
        if loop.skipped is not None:
            body.insert(0, copy_loc(templates.assign(loop.skipped, templates.const(False)), stmt))
        if loop.broke is not None:
            body.append(copy_loc(gast.If(test=templates.name(loop.broke), body=[gast.Break()],
                                          orelse=[]), stmt))
        if isinstance(stmt, gast.For):
            new_loop = gast.For(target=templates.name(target, store=True), iter=iter_call,
                                body=body, orelse=[], type_comment=None)
        else:
            new_loop = gast.While(test=stmt.test, body=body, orelse=[])
        new = list(pre)
        if loop.broke is not None and not loop.returns:
            new.append(copy_loc(templates.assign(loop.broke, templates.const(False)), stmt))
        new.append(copy_loc(new_loop, stmt))
        if stmt.orelse:
            orelse = self.lower(stmt.orelse, outer)
            if loop.broke is not None:
                new.append(copy_loc(gast.If(test=_none_of([loop.broke]), body=orelse, orelse=[]),
                                     stmt))
            else:
                new.extend(orelse)
        if outer is not None and _contains(stmt, gast.Return) and outer.break_flag() != self.returned:
            new.append(copy_loc(gast.If(test=templates.name(self.returned),
                                         body=[templates.assign(outer.break_flag(),
                                                                templates.const(True))],
                                         orelse=[]), stmt))
        return loc_all(new, stmt)


class LoopContext:
    def __init__(self, namer):
        self.namer = namer
        self.broke = None
        self.skipped = None
        self.returns = False      # the break flag is the function's returned flag

    def break_flag(self):
        if self.broke is None:
            self.broke = self.namer.new(naming.break_flag())
        return self.broke

    def skip_flag(self):
        if self.skipped is None:
            self.skipped = self.namer.new(naming.skip_flag())
        return self.skipped


def _contains(node, kind):
    return any(isinstance(n, kind) for n in walk_outer(node))


def _contains_at_level(node, kind):
    """``kind`` inside ``node`` but not inside a nested loop (break/continue)."""
    if isinstance(node, kind):
        return True
    if isinstance(node, (gast.For, gast.While)):
        return False
    return any(_contains_at_level(c, kind) for c in gast.iter_child_nodes(node))


def _may_exit(stmts):
    return any(_contains(s, gast.Return) or _contains_at_level(s, (gast.Break, gast.Continue))
               for s in stmts)


def _always_exits(stmts):
    if not stmts:
        return False
    last = stmts[-1]
    if isinstance(last, (gast.Return, gast.Break, gast.Continue)):
        return True
    if isinstance(last, gast.If):
        return _always_exits(last.body) and _always_exits(last.orelse)
    return any(isinstance(s, (gast.Return, gast.Break, gast.Continue)) for s in stmts)


def _single_final_return(body):
    returns = [n for s in body for n in walk_outer(s) if isinstance(n, gast.Return)]
    return len(returns) == 1 and body and body[-1] is returns[0]


def _none_of(flags):
    test = gast.UnaryOp(op=gast.Not(), operand=templates.name(flags[0]))
    for f in flags[1:]:
        test = gast.BoolOp(op=gast.And(), values=[
            test, gast.UnaryOp(op=gast.Not(), operand=templates.name(f))])
    return test


def run(ctx, node):
    """Comprehensions as loops; one final return; loops over ``range``;
    break/continue/early returns as flags."""
    comprehensions.run(ctx)
    ControlLowering(ctx.sf, ctx.namer, ctx.resolver, ctx.symbols).run()
    return ctx.sf.node
