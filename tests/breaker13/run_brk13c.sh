#!/bin/sh
# brk13c: run every brk13c cases module against the tree in $1 (PYTHONPATH), old results
# from $2 (a pickle; optional), outputs to $3/<module>.txt; $4 = "hand": without the
# random programs.
tree=$1; old=$2; out=$3
mkdir -p "$out"
cd "$(dirname "$0")"
modules="gen13_accumulators gen13_early_exits gen13_slices gen13_callees gen13_shape_checks gen13_combined"
[ "$4" = hand ] || modules="$modules gen13_random"
for m in $modules; do
    if [ -n "$old" ]; then
        PYTHONPATH=$tree python gen13_run.py --cases $m --old "$old" > "$out/$m.txt" 2>&1
    else
        PYTHONPATH=$tree python gen13_run.py --cases $m > "$out/$m.txt" 2>&1
    fi
    tail -1 "$out/$m.txt"
done
