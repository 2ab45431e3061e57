"""Built-in stages; importing this package registers them by name."""
from rasd.stages import (  # noqa: F401
    normalise,
    segment,
    entities,
    dates,
    numbers,
    quotes,
    events,
    dedupe,
)
