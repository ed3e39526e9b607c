"""Snapshots between processes (PODIUM_MESSAGE_QUEUE=redis://...): each seq of a stage is claimed by
one process, which builds the snapshot and publishes it; every process delivers it to its watchers."""
from __future__ import annotations

import json
import logging
import time
import uuid
from typing import Any, Callable

log = logging.getLogger(__name__)

# Set the stage's claimed seq to ARGV[1] if that is higher than the one claimed so far.
_CLAIM = """
local claimed = tonumber(redis.call('GET', KEYS[1]) or '-1')
if tonumber(ARGV[1]) > claimed then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', 86400)
  return 1
end
return 0
"""


class LiveQueue:
    def __init__(self, url: str, channel: str, received: Callable[[dict[str, Any]], None]):
        import redis

        if not url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("PODIUM_MESSAGE_QUEUE must be a Redis URL (redis://host:port/db)")
        self.redis = redis.Redis.from_url(url)
        self.channel = f"{channel}:live"
        self.received = received
        self.host = uuid.uuid4().hex
        self._claim = self.redis.register_script(_CLAIM)

    def claim(self, stage_key: str, seq: int) -> bool:
        """True if no process has claimed this seq of the stage (or a newer one) before."""
        try:
            return bool(self._claim(keys=[f"{self.channel}:claimed:{stage_key}"], args=[seq]))
        except Exception:  # Redis away: build anyway; the watchers' processes drop what is not newer
            log.exception("could not claim seq %s of stage %s", seq, stage_key)
            return True

    def publish(self, message: dict[str, Any]) -> None:
        try:
            self.redis.publish(self.channel, json.dumps({"host": self.host, **message}, ensure_ascii=False))
        except Exception:
            log.exception("could not publish the snapshot of stage %s", message.get("stage"))

    def listen(self) -> None:
        """Runs for the life of the process (a background task), reconnecting when Redis goes away."""
        while True:
            try:
                pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(self.channel)
                for item in pubsub.listen():
                    message = json.loads(item["data"])
                    if message.pop("host", None) != self.host:
                        self.received(message)
            except Exception:
                log.exception("the live snapshots' subscription failed; subscribing again")
                time.sleep(1)
