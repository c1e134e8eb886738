"""Work done after a response has gone to the browser (the dashboard's figures computed again).

`after_response(key, function, *args)` queues a call for the end of the current request, once per
key; `request_finished` (sent when the server has written the response) runs the queue. The queue
is per thread: gunicorn's workers serve one request a thread. A failure is logged, not raised: the
response is gone. Outside a request (a management command), nothing sends the signal: the queue
waits for the next request of that thread, or is dropped with the thread.
"""

import logging
import threading
from collections.abc import Callable

from django.core.signals import request_finished, request_started
from django.dispatch import receiver

logger = logging.getLogger(__name__)
_queue = threading.local()


def after_response(key: str, function: Callable, *args) -> None:
    jobs = _queue.__dict__.setdefault("jobs", {})
    jobs.setdefault(key, (function, args))


@receiver(request_started, dispatch_uid="core.after_response.forget")
def _forget(**kwargs) -> None:
    _queue.__dict__.pop("jobs", None)  # a request that failed before finishing left its jobs behind


@receiver(request_finished, dispatch_uid="core.after_response.run")
def _run(**kwargs) -> None:
    jobs = _queue.__dict__.pop("jobs", {})
    for key, (function, args) in jobs.items():
        try:
            function(*args)
        except Exception:
            logger.exception("After the response: %s failed", key)
