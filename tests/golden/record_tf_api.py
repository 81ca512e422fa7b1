"""Record real TensorFlow behaviours of the API cases into tf_api.json (next to this file).

Run ONLY in a scratch venv that has real TensorFlow installed, never in the
project environment:

    /tmp/tfvenv/bin/python tests/golden/record_tf_api.py

The cases are tf_api_cases.py's (shared with tests/test_tf_api.py); each
outcome is encoded as in record_tf_semantics.py: {"type", "value"} with values
encoded recursively (list/tuple -> list, dict -> dict, None -> null, else
repr()), or {"exception", "message"}.
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from tf_api_cases import cases  # noqa: E402
from tf_outcomes import outcome  # noqa: E402

if not hasattr(tf, "raw_ops") or "tangentish" in getattr(tf, "__file__", ""):
    sys.exit("record_tf_api.py must be run with real TensorFlow (scratch venv)")

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tf_api.json")






recorded = {label: outcome(fn) for label, fn in cases(tf, np).items()}
result = {"_meta": {"tensorflow": tf.__version__, "numpy": np.__version__,
                    "python": sys.version.split()[0], "n_cases": len(recorded)},
          "cases": recorded}
with open(OUT, "w", encoding="utf-8") as f:
    json.dump(result, f, indent=1, ensure_ascii=False)
    f.write("\n")
print(f"wrote {len(recorded)} cases to {OUT}")
