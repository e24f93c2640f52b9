"""A page without a browser: speaks Streamlit's websocket protocol (protobuf BackMsg /
ForwardMsg on /_stcore/stream) as the browser does, so a bench can open, play and close
hundreds of sessions at the cost of a socket each (bench/sessions.py).

It runs the script with a share link's query string, finds a button by its label among the
elements the server sent, and clicks it (a rerun with the button's trigger set, as the page
sends). It draws nothing: the frames it receives are counted and dropped.
"""

from __future__ import annotations

import time

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect


class HeadlessPage:
    """One session: `with HeadlessPage(url, "dataset=circle") as page: page.click("Play")`."""

    def __init__(self, url: str, query: str = ""):
        self.url, self.query = url, query
        self.buttons: dict[str, str] = {}  # label -> widget id, as last drawn
        self.messages = 0
        self.runs_finished = 0
        self.session_id: str | None = None

    def __enter__(self) -> HeadlessPage:
        address = self.url.replace("http://", "ws://", 1) + "/_stcore/stream"
        self.socket = connect(address, subprotocols=["streamlit"], origin=self.url,
                              max_size=None, open_timeout=60)
        self._rerun()
        return self

    def __exit__(self, *exc) -> None:
        self.socket.close()

    def _rerun(self, trigger: str | None = None) -> None:
        message = BackMsg()
        message.rerun_script.query_string = self.query
        if trigger is not None:
            widget = message.rerun_script.widget_states.widgets.add()
            widget.id, widget.trigger_value = trigger, True
        self.socket.send(message.SerializeToString())

    def _receive(self, timeout: float) -> ForwardMsg | None:
        try:
            data = self.socket.recv(timeout=timeout)
        except TimeoutError:
            return None
        message = ForwardMsg()
        message.ParseFromString(data)
        self.messages += 1
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self.session_id = message.new_session.initialize.session_id or self.session_id
        elif kind == "script_finished":
            self.runs_finished += 1
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            if element.WhichOneof("type") == "button":
                self.buttons[element.button.label] = element.button.id
        return message

    def wait_for_button(self, label: str, timeout: float = 120) -> str:
        """The widget id of the button labelled `label`, once the server has drawn it."""
        deadline = time.monotonic() + timeout
        while label not in self.buttons:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {label!r} button in {timeout:.0f} s")
            self._receive(max(deadline - time.monotonic(), 0.01))
        return self.buttons[label]

    def click(self, label: str, timeout: float = 120) -> None:
        self._rerun(trigger=self.wait_for_button(label, timeout))

    def listen(self, seconds: float) -> int:
        """Receive (and drop) what the server sends for `seconds`; how many messages came."""
        before, end = self.messages, time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            self._receive(left)
        return self.messages - before
