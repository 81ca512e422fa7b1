"""autograd.builtins: autograd's container types exist so that its tracer can box
them; tangentish differentiates plain Python containers, so these are the
plain builtins."""
import builtins as _b

isinstance = _b.isinstance
tuple = _b.tuple
list = _b.list
dict = _b.dict
type = _b.type
