"""A ``GradientTape``'s planning: which recorded nodes a gradient needs
(``_plan``: forward from the sources, backward from the targets) and the
straight-line program that computes the targets from them (``_emit``,
with ``ProgramWriter``).  The program is compiled (or found) by the tape's
program cache, ``self._program_for`` (tape.py)."""
from .core import Const, Index, Lit, literal_ok, render_literal
from .nodes import Plan, VarRef, index_text, zeros_like
from .tensor import Tensor, Variable


class Planner:
    """The planning part of ``GradientTape``."""

    def _plan(self, targets, sources, weights):
        """Build (or fetch) the program for d(targets)/d(sources); None when unconnected."""
        nodes = self._nodes
        source_nodes, src_set = self._source_nodes(sources)
        if not src_set:
            return None
        dep_all, dep_diff = self._dependents(src_set)
        target_nodes = []
        for i, t in enumerate(targets):
            node = nodes.get(id(t)) if isinstance(t, Tensor) else None
            if node is not None and id(node) in dep_diff:
                target_nodes.append((i, node))
        if not target_nodes:
            return None
        need_all, need_diff = self._needed(target_nodes, dep_all, dep_diff)
        wrt_nodes = [n for n in src_set.values() if id(n) in need_diff]
        if not wrt_nodes:
            return None
        plan = self._emit(targets, target_nodes, weights, source_nodes, wrt_nodes, need_all)
        plan.graph = (target_nodes, need_diff)
        return plan

    def _source_nodes(self, sources):
        """Which nodes each source stands for (a variable: every version read), and
        all of them by id."""
        nodes = self._nodes
        source_nodes = []
        for s in sources:
            if isinstance(s, Variable):
                source_nodes.append(list(self._var_leaves.get(id(s._root()), ())))
            else:
                node = nodes.get(id(s))
                source_nodes.append([node] if node is not None else [])
        src_set = {}
        for group in source_nodes:
            for node in group:
                src_set.setdefault(id(node), node)
        return source_nodes, src_set

    def _dependents(self, src_set):
        """Forward: what depends on a source (through anything / differentiably)."""
        dep_all, dep_diff = set(), set()
        for node in self._order:
            key = id(node)
            if key in src_set:
                dep_all.add(key)
                dep_diff.add(key)
            elif node.kind == "read":
                if id(node.leaf) in dep_all:
                    dep_all.add(key)
                    dep_diff.add(key)
            elif node.kind == "op":
                inputs = self._input_nodes(node)
                if any(id(i) in dep_all for i in inputs):
                    dep_all.add(key)
                    if not node.stop and any(id(i) in dep_diff for i in inputs):
                        dep_diff.add(key)
        return dep_all, dep_diff

    def _needed(self, target_nodes, dep_all, dep_diff):
        """Backward: what the connected targets need (at all / differentiably)."""
        need_all = {id(n) for _, n in target_nodes}
        need_diff = set(need_all)
        for node in reversed(self._order):
            key = id(node)
            if key not in need_all:
                continue
            if node.kind == "read":
                if id(node.leaf) in dep_all:
                    need_all.add(id(node.leaf))
                    if key in need_diff:
                        need_diff.add(id(node.leaf))
            elif node.kind == "op":
                for i in self._input_nodes(node):
                    if id(i) in dep_all:
                        need_all.add(id(i))
                        if key in need_diff and not node.stop and id(i) in dep_diff:
                            need_diff.add(id(i))
        return need_all, need_diff

    def _emit(self, targets, target_nodes, weights, source_nodes, wrt_nodes, need_all):
        writer = ProgramWriter(self)
        wrt_index, perturb = writer.write_sources(wrt_nodes)
        n_wrt = len(writer.params)
        writer.write_lines(need_all, perturb)
        weight_params = writer.write_objective(targets, target_nodes, weights)
        program = self._program_for(writer.params, tuple(writer.body), writer.symbols, n_wrt,
                                    writer.args)
        source_params = []
        for group in source_nodes:
            source_params.append([wrt_index[id(n)] for n in group if id(n) in wrt_index])
        return Plan(program, writer.args, writer.inputs, source_params, weight_params, wrt_nodes)


class ProgramWriter:
    """The text of a tape program as ``_emit`` writes it: its parameters (with
    the values and inputs they are called with), body lines and symbols."""

    def __init__(self, tape):
        self.tape = tape
        self.names = {}
        self.params, self.args, self.inputs = [], [], []
        self.captured = {}
        self.symbols = {}
        self.body = []
        self.counter = 0

    def new_value(self):
        name = f"v{self.counter}"
        self.counter += 1
        return name

    def write_sources(self, wrt_nodes):
        """One parameter per differentiated node; returns each one's index (by node
        id) and the zero perturbations of intermediate nodes (by node id)."""
        wrt_index = {}
        perturb = {}
        for k, node in enumerate(wrt_nodes):
            name = f"s{k}"
            wrt_index[id(node)] = k
            self.params.append(name)
            if node.kind in ("watched", "variable"):
                self.names[id(node)] = name
                self.args.append(node.tensor._value)
                self.inputs.append(VarRef(node.var, node.version, node.tensor._value)
                                   if node.kind == "variable" else node.tensor)
            else:   # an intermediate value: differentiate through a zero perturbation
                perturb[id(node)] = name
                zeros = zeros_like(node.tensor._value)
                self.args.append(zeros)
                self.inputs.append(Const(zeros))
        return wrt_index, perturb

    def capture(self, obj):
        """A parameter for a value the program reads but does not compute."""
        if isinstance(obj, Tensor):
            key, value = id(obj), obj._value
        elif isinstance(obj, VarRef):
            key, value = ("var", id(obj.var), obj.version), obj._value
        else:
            key, value = id(obj._value), obj._value
        name = self.captured.get(key)
        if name is None:
            name = self.captured[key] = f"c{len(self.captured)}"
            self.params.append(name)
            self.args.append(value)
            self.inputs.append(obj)
        return name

    def ref(self, node, obj):
        if node is not None and id(node) in self.names:
            return self.names[id(node)]
        return self.capture(obj)

    def render(self, a, at):
        if isinstance(a, Tensor):
            # a tensor watched only after this line read it is a constant here (TF)
            n = self.tape._nodes.get(id(a))
            return self.ref(n if n is not None and n.index < at else None, a)
        if isinstance(a, VarRef):
            leaf = next((lf for lf in self.tape._var_leaves.get(id(a.var), ())
                         if lf.version == a.version), None)
            return self.ref(leaf, a)
        if isinstance(a, Lit):
            if literal_ok(a._value):
                return render_literal(a._value)
            return self.capture(Const(a._value))
        if isinstance(a, Index):
            return index_text(a._value, self.capture)
        return self.capture(a)

    def write_lines(self, need_all, perturb):
        """The body: the needed nodes, in execution order."""
        names, body = self.names, self.body
        for node in self.tape._order:
            key = id(node)
            if key not in need_all or key in names:
                continue
            if node.kind == "read":
                expr = names.get(id(node.leaf)) or self.capture(node.tensor)
            elif node.kind == "op":
                expr = node.template.format(*[self.render(a, node.index) for a in node.args])
                if node.symbols:
                    self.symbols.update(node.symbols)
            else:
                continue   # a leaf that is not a source: captured where it is read
            if key in perturb:
                if node.kind == "op":
                    name = self.new_value()
                    body.append(f"{name} = {expr}")
                    expr = name
                name = self.new_value()
                body.append(f"{name} = {expr} + {perturb[key]}")
            elif node.kind == "read":
                names[key] = expr
                continue
            else:
                name = self.new_value()
                body.append(f"{name} = {expr}")
            names[key] = name

    def write_objective(self, targets, target_nodes, weights):
        """The scalar the engine differentiates: the sum of the (weighted) targets
        (of a complex target: the real part of its sum weighted by the conjugate
        output gradient, whose gradient is TF's).  Returns the parameter index of
        each target weight."""
        terms, weight_params = [], []
        for i, node in target_nodes:
            name = self.names[id(node)]
            w = None if weights is None else weights[i]
            if w is None:
                if len(target_nodes) == 1 and targets[i].shape == ():
                    term = name
                else:
                    term = f"np.sum({name})"
            else:
                wname = self.capture(w)
                weight_params.append(self.params.index(wname))
                term = f"np.sum({name} * {wname})"
            if targets[i].dtype.is_complex:
                # TF's gradient of a complex target y with output gradient w: that
                # of the real Re(sum(y * conj(w))) (conjugated for complex sources)
                term = f"np.real({term})" if w is None else \
                    f"np.real(np.sum({name} * np.conj({wname})))"
            terms.append(term)
        self.body.append("return " + " + ".join(terms))
        return weight_params


__all__ = ["Planner", "ProgramWriter"]
