# All metadata lives in setup.cfg; this file keeps `pip install -e .` working
# on older pips and setuptools.
from setuptools import setup

setup()
