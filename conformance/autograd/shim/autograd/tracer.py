"""autograd.tracer.isbox: tangentish traces nothing, so no value is ever a box."""


def isbox(x):
    return False
