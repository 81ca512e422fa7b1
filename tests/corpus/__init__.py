"""The code the tests differentiate (``funcs_*``: corpora whose file paths and line
numbers the error and snapshot tests quote) and the shared test helpers (``helpers``)."""
