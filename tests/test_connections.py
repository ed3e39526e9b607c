"""podium.connections without a server: the per-connection windows and a packet's namespace."""
from __future__ import annotations

from limits import parse_many

from podium.connections import Windows, namespace_of


def test_a_connections_windows_count_every_limit_and_start_again():
    """podium.connections.Windows: fixed windows per limit, the first limit crossed is named."""
    limits = parse_many("3 per second; 5 per minute")
    windows = Windows(len(limits))
    assert [windows.spend(limits, 1, 100.0 + n * 0.1) for n in range(3)] == [None] * 3
    assert windows.spend(limits, 1, 100.3) is limits[0]  # the 4th in one second
    assert windows.spend(limits, 1, 101.5) is None  # a new second; 5 in the minute
    assert windows.spend(limits, 1, 101.6) is limits[1]  # the 6th in the minute


def test_a_packets_namespace_is_read_from_its_head():
    assert namespace_of('2/display,["watch",{}]') == "/display"  # an event (the Engine.IO type is gone)
    assert namespace_of('51-/judge,["submit",{"_placeholder":true}]') == "/judge"  # one binary attachment
    assert namespace_of('2["watch"]') == "/" and namespace_of(b"\x00binary") == "/"
