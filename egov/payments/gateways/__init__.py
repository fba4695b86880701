"""Payment gateways: one folder each (`vnpay/`, `sandbox/`), one contract (`base.py`), one registry
(`registry.py`)."""
