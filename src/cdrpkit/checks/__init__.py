"""The built-in checker rules, one module per idea; declared in :mod:`cdrpkit.builtin.checks`.

- :mod:`~cdrpkit.checks.arithmetic`: end values and stated rates against the document's numbers;
- :mod:`~cdrpkit.checks.smart`: baselines, deadlines, indicators and follow-on targets;
- :mod:`~cdrpkit.checks.noise`: yearly changes too small to tell from chance;
- :mod:`~cdrpkit.checks.coverage`: prongs, stage-and-method cells, objectives, chairs;
- :mod:`~cdrpkit.checks.unit_fit`: target units against their indicators.

Nothing here imports pandas, scipy or pint.
"""
