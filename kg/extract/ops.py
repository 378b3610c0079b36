"""Matrix products of the learned detector through numpy's BLAS instead of thinc's bundled BLIS.

Registered as the config callback ``kg.numpy_gemm.v1`` (``[nlp.after_pipeline_creation]`` in
``config.cfg``). Four fifths of the detector's time is the matrix products of its CNN token encoder.
thinc's CPU backend computes them with BLIS, which on the machines measured here ran at a third of
the speed of the OpenBLAS that numpy ships (32 against 95 GFLOP/s on one core for the encoder's
shapes), so the whole extractor runs about 1.3 times faster with the same mentions: only the
summation order of float32 products changes (see ``docs/benchmarks.md``). Remove the callback from
the config to go back to BLIS.
"""

from __future__ import annotations

from collections.abc import Callable

import spacy
from spacy.language import Language
from thinc.api import Model, NumpyOps


@spacy.registry.callbacks("kg.numpy_gemm.v1")
def make_numpy_gemm_callback() -> Callable[[Language], Language]:
    """Give every thinc model of the pipeline numpy-backed CPU ops (a no-op for rule components)."""

    def use_numpy_gemm(nlp: Language) -> Language:
        ops = NumpyOps(use_blis=False)
        for _, component in nlp.pipeline:
            model = getattr(component, "model", None)
            if isinstance(model, Model):
                for node in model.walk():
                    node.ops = ops
        return nlp

    return use_numpy_gemm
