"""Source to normal form: parsing and name resolution, the fence of refused
constructs, control-flow lowering, and normalization to A-normal form in SSA."""
