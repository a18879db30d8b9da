"""Statistics of rates, shares and the shift between two framings.

Every function counts the documents once (:func:`~termshift.counts.document_counts`),
or takes those counts precomputed, and accepts ``by=`` (metadata columns such as
``"outlet"``) to run per group. Randomness (bootstrap, permutations) comes only
from ``random_state``; the same seed gives the same output.

* :func:`rates` -- :func:`~termshift.counts.count_terms` with intervals: a
  quasi-Poisson exact interval for ``per_10k`` (the document bootstrap on
  request) and the Wilson score interval for ``doc_share``; thin periods flagged.
* :func:`share` -- the contest between framing A and framing B per period:
  A's share of their mentions (or documents), with a Jeffreys interval
  widened for clustered mentions.
* :func:`shift` -- the change point in A's share (binomial likelihood
  ratio), a p-value whose null allows autocorrelated months (AR(1) sieve
  over periods), the shape (step, gradual, none), a likelihood set for the
  change period, several changes (calibrated ``"auto"``), groups.
* :func:`trend` -- Mann-Kendall test calibrated for autocorrelation (AR(1)
  sieve bootstrap) and the Theil-Sen slope with an interval widened alike.

Modules: :mod:`.intervals` (Wilson, Garwood, Jeffreys, dispersion),
:mod:`.period_rates` (rates, share), :mod:`.changepoint` (likelihoods, shapes,
confidence sets, binary segmentation), :mod:`.shifts` (shift and its results),
:mod:`.trends` (trend, mann_kendall), :mod:`.common` (what they share).
"""

from __future__ import annotations

from .common import contest_ids
from .intervals import garwood_interval, jeffreys_interval, wilson_interval
from .period_rates import rates, share
from .shifts import P_VALUE_MEANING, GroupShiftResult, ShiftResult, shift
from .trends import mann_kendall, trend

__all__ = ["rates", "share", "shift", "trend", "ShiftResult", "GroupShiftResult", "wilson_interval",
           "garwood_interval", "jeffreys_interval", "mann_kendall", "contest_ids", "P_VALUE_MEANING"]
