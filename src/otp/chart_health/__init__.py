"""A seat's health on the chart diagram: its off-track rocks, off-target numbers and open
escalations. It reads the domains built on the chart (work, scorecard, governance), so it lives
above them, not in `org`, which they all build on; `org` never imports it. The chart's REST face
(GET /api/v1/chart) is here for the same reason: it adds the health to a part of the chart."""
