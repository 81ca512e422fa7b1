"""What every pass receives: one ``PassContext`` per derivative being generated.

Every pass has the same shape, ``run(ctx, node) -> node``: it reads the
function and the options from the context, may record what it found there
for the passes after it (the fields below "filled by passes"), and returns
the function node (the same object when it changed it in place).
``driver.pipeline(mode)`` lists the passes in order.
"""
import dataclasses


@dataclasses.dataclass
class PassContext:
    sf: object                    # frontend.parse.SourceFunction: the user's function and source
    wrt: tuple                    # names of the parameters differentiated
    mode: str                     # "grad", "vjp", "jvp" or "tangent"
    preserve_result: bool
    namer: object                 # ir.naming.Namer: fresh names, never the user's
    resolver: object              # frontend.resolve.Resolver: what a name denotes
    symbols: dict                 # template helper name -> the name generated code uses
    injected: dict                # emitted name -> object generated code needs (helpers, callees)
    signature: dict = None        # parameter name -> analyze.patterns.Fact of the call's argument
    # filled by passes
    closures: tuple = ()          # normalize: nested defs and lambdas
    outputs: tuple = ()           # normalize: names the function returns
    ops: list = None              # activity: (statement, targets, Op) of each statement
    active: frozenset = None      # activity: names that carry a derivative
    callees: list = dataclasses.field(default_factory=list)   # ad: callees' Generated entries
    shape_only: object = None     # reverse: drops values read only for their shape (optimize)
    facts: object = None          # reverse: analyze.patterns.Facts of the signature (grad only)
    result_fact: object = None    # reverse (vjp for a signature): the Fact of what it returns
