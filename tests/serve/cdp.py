"""Drives headless Chromium through its DevTools protocol over a pipe.

Chromium's --remote-debugging-pipe reads commands from fd 3 and writes replies
and events to fd 4, as NUL-terminated JSON: no websocket client is needed, so
the test runs on Python's standard library alone.
"""
import fcntl
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def find_chromium():
    # A browser named on purpose is used (and fails loudly if it is not there).
    explicit = os.environ.get("DOSSIER_CHROMIUM")
    if explicit:
        return explicit
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


class CdpError(RuntimeError):
    pass


class Browser:
    """One headless Chromium with one page; close() ends it."""

    def __init__(self, executable, width=1200, height=900):
        self.profile = tempfile.mkdtemp(prefix="dossier-chromium-")
        to_chromium_read, to_chromium_write = os.pipe()
        from_chromium_read, from_chromium_write = os.pipe()
        # Copies above 10, so that placing them at 3 and 4 cannot overwrite each other.
        child_in = fcntl.fcntl(to_chromium_read, fcntl.F_DUPFD, 10)
        child_out = fcntl.fcntl(from_chromium_write, fcntl.F_DUPFD, 10)

        def place_pipes():
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        args = [executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--remote-debugging-pipe",
                f"--user-data-dir={self.profile}", f"--window-size={width},{height}", "about:blank"]
        self.process = subprocess.Popen(args, preexec_fn=place_pipes, close_fds=False,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for fd in (to_chromium_read, from_chromium_write, child_in, child_out):
            os.close(fd)
        self.writer = os.fdopen(to_chromium_write, "wb", buffering=0)
        self.reader = os.fdopen(from_chromium_read, "rb", buffering=0)
        self.next_id = 0
        self.replies = {}
        self.replies_ready = threading.Condition()
        self.events = queue.Queue()
        threading.Thread(target=self._read_messages, daemon=True).start()
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable", session=True)
        self.call("Runtime.enable", session=True)
        self.call("Log.enable", session=True)

    def _read_messages(self):
        pending = b""
        while True:
            chunk = self.reader.read(65536)
            if not chunk:
                break
            pending += chunk
            while b"\0" in pending:
                message, pending = pending.split(b"\0", 1)
                parsed = json.loads(message)
                if "id" in parsed:
                    with self.replies_ready:
                        self.replies[parsed["id"]] = parsed
                        self.replies_ready.notify_all()
                else:
                    self.events.put(parsed)
        with self.replies_ready:
            self.replies[None] = {"error": {"message": "chromium closed its pipe"}}
            self.replies_ready.notify_all()

    def call(self, method, session=False, timeout=30, **params):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        self.writer.write(json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        with self.replies_ready:
            while self.next_id not in self.replies and None not in self.replies:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise CdpError(f"{method}: no reply in {timeout} s")
                self.replies_ready.wait(left)
            reply = self.replies.pop(self.next_id, None) or self.replies[None]
        if "error" in reply:
            raise CdpError(f"{method}: {reply['error'].get('message')}")
        return reply["result"]

    def page_problems(self):
        """Uncaught exceptions and console errors since the last call, except a
        failed load (the page's own 4xx API answers are logged as those)."""
        problems = []
        while not self.events.empty():
            event = self.events.get()
            params = event.get("params", {})
            if event.get("method") == "Runtime.exceptionThrown":
                problems.append(params["exceptionDetails"].get("exception", {}).get("description", "exception"))
            elif event.get("method") == "Log.entryAdded":
                entry = params["entry"]
                if entry["level"] == "error" and entry["source"] != "network":
                    problems.append(f"{entry['source']}: {entry['text']}")
            elif event.get("method") == "Runtime.consoleAPICalled" and params.get("type") == "error":
                problems.append(f"console.error: {params.get('args')}")
        return problems

    def evaluate(self, expression):
        """The value of a JavaScript expression in the page (awaited if a promise)."""
        result = self.call("Runtime.evaluate", session=True, expression=expression,
                           returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise CdpError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression, timeout=15, what=None):
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise CdpError(f"timed out waiting for {what or expression}")
            time.sleep(0.05)

    def navigate(self, url):
        self.call("Page.navigate", session=True, url=url)

    def click(self, selector):
        """A real mouse click on the element `selector` names."""
        box = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " if (!e) return null; e.scrollIntoView({block: 'center'});"
            # The first line box: the middle of a wrapped link may fall between its lines.
            " const r = e.getClientRects()[0]; return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        if not box:
            raise CdpError(f"nothing to click at {selector}")
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", session=True, type=kind, x=box[0], y=box[1],
                      button="left", clickCount=1)

    def type_text(self, text):
        """Key presses, one character at a time, into the focused element."""
        for char in text:
            self.call("Input.dispatchKeyEvent", session=True, type="keyDown", key=char, text=char)
            self.call("Input.dispatchKeyEvent", session=True, type="keyUp", key=char)

    def press(self, key, code=None, key_code=0, text=None):
        down = {"type": "keyDown", "key": key, "code": code or key, "windowsVirtualKeyCode": key_code}
        if text:
            down["text"] = text
        self.call("Input.dispatchKeyEvent", session=True, **down)
        self.call("Input.dispatchKeyEvent", session=True, type="keyUp", key=key, code=code or key,
                  windowsVirtualKeyCode=key_code)

    def screenshot(self, path):
        import base64
        data = self.call("Page.captureScreenshot", session=True, format="png")["data"]
        with open(path, "wb") as out:
            out.write(base64.b64decode(data))

    def close(self):
        try:
            self.call("Browser.close", timeout=5)
        except CdpError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)
