"""The IR's vocabulary: annotations, templates, node helpers, naming conventions,
the operator table, the pass context, and IR -> text -> function."""
