#!/usr/bin/env python3
"""dossier-serve over corpus/: its JSON API (`api`) and its page in headless
Chromium (`browser`). Every expected value comes from another way of asking
the same index (dossier-search, or another API call), never from a constant.

Usage: serve_test.py api|browser --serve BIN --index-program BIN
       --search-program BIN --corpus DIR --work DIR
Exit code 77 (ctest SKIP_RETURN_CODE) only when `browser` finds no Chromium.
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402

SKIP = 77
ARGS = None
# An article whose fields try to inject markup and script into the page.
HOSTILE = {
    "id": "hostile-<b>1</b>",
    "title": '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> Venezuela & "Maduro"',
    "body": "Maduro <b>bold</b> and <script>window.pwned = 3</script> in Venezuela.\n\n"
            '<img src=x onerror="window.pwned = 4"> A second paragraph.',
    "source": "<i>Source</i>",
    "url": "javascript:window.pwned = 5",
    "published": "2019-04-14",
}


class Server:
    """A dossier-serve process on a free loopback port."""

    def __init__(self, index, *options):
        self.process = subprocess.Popen([ARGS.serve, index, "--port", "0", *options],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if not found:
            self.process.kill()
            raise RuntimeError(f"dossier-serve printed no address: {line!r} {self.process.stderr.read()}")
        self.url = found.group(0)

    def request(self, path, params=None, body=None, headers=None, method=None):
        """(status, headers, parsed JSON body) of one request."""
        query = "?" + urllib.parse.urlencode(params, doseq=True) if params else ""
        headers = dict(headers or {})
        if body is not None:
            headers.setdefault("Content-Type", "application/json")
        request = urllib.request.Request(self.url + path.lstrip("/") + query, data=body, headers=headers,
                                         method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, error.headers, json.loads(error.read())

    def get(self, path, **params):
        status, _, body = self.request(path, params)
        return status, body

    def stop(self, signal_number=signal.SIGTERM):
        self.process.send_signal(signal_number)
        try:
            return self.process.wait(timeout=15)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self.process.stdout.close()
            self.process.stderr.close()


def build_index():
    """corpus/ plus the hostile article, indexed fresh into the work folder."""
    shutil.rmtree(ARGS.work, ignore_errors=True)
    os.makedirs(ARGS.work)
    hostile = os.path.join(ARGS.work, "hostile.jsonl")
    with open(hostile, "w", encoding="utf-8") as out:
        out.write(json.dumps(HOSTILE) + "\n")
    index = os.path.join(ARGS.work, "index")
    subprocess.run([ARGS.index_program, index, ARGS.corpus, hostile], check=True,
                   stdout=subprocess.DEVNULL)
    return index


def dossier_search(index, *args):
    output = subprocess.run([ARGS.search_program, index, *args], check=True,
                            capture_output=True, text=True).stdout
    return output


def hit_ids(results):
    return [hit["id"] for hit in results["hits"]]


def facet_counts(results):
    """(filter parameter, key) -> count of every facet value the page shows as a button."""
    counts = {(kind, value["key"]): value["count"]
              for kind, facet in results["facets"].items() for value in facet["top"]}
    for field, facet in results.get("fields", {}).items():
        for value in facet["top"]:
            key = ("source", value["value"]) if field == "source" else ("field", f"{field}={value['value']}")
            counts[key] = value["count"]
    return counts


class ApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.index = build_index()
        cls.server = Server(cls.index)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def search(self, **params):
        status, body = self.server.get("/api/search", **params)
        self.assertEqual(status, 200, body)
        return body

    def test_search_equals_dossier_search(self):
        cli = json.loads(dossier_search(self.index, "maduro", "--json", "--limit", "10", "--facets", "10"))
        api = self.search(query="maduro")
        self.assertGreater(api["total"], 0)
        self.assertEqual(hit_ids(api), hit_ids(cli))
        self.assertEqual(api["total"], cli["total"])
        self.assertEqual(api["facets"], cli["facets"])

    def test_a_date_is_a_day_or_null(self):
        # The corpus has articles with a date and one without.
        hits = self.search(query="", limit="100", facet_values="0")["hits"]
        dates = [hit["published"] for hit in hits]
        self.assertIn(None, dates)
        self.assertTrue(all(date is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) for date in dates), dates)
        undated = next(hit["id"] for hit in hits if hit["published"] is None)
        status, article = self.server.get("/api/article", id=undated)
        self.assertEqual(status, 200)
        self.assertIsNone(article["published"])

    def test_did_you_mean_equals_dossier_search(self):
        cli = json.loads(dossier_search(self.index, "Madurro -Pompeio", "--json", "--facets", "0"))
        api = self.search(query="Madurro -Pompeio")
        self.assertEqual(api["corrected_query"], "Maduro -Pompeo")
        self.assertEqual(api["corrections"], cli["corrections"])
        self.assertNotIn("corrected_query", self.search(query="Maduro"))

    def test_every_request_option_reaches_the_search(self):
        everything = self.search(query="pompeo", facet_values=3)
        person = everything["facets"]["person"]["top"][-1]
        place = everything["facets"]["place"]["top"][0]
        options = {"query": "pompeo", "person": person["key"], "place": place["key"], "sort": "oldest",
                   "offset": "1", "limit": "2", "snippet_bytes": "60", "facet_values": "3"}
        api = self.search(**options)
        self.assertGreater(api["total"], 2)  # so that offset and limit both cut
        cli = json.loads(dossier_search(
            self.index, "pompeo", "--json", "--person", person["key"], "--place", place["key"],
            "--sort", "oldest", "--offset", "1", "--limit", "2", "--facets", "3"))
        self.assertEqual(hit_ids(api), hit_ids(cli))
        self.assertEqual(api["total"], cli["total"])
        self.assertEqual(api["facets"], cli["facets"])
        self.assertTrue(all(len(facet["top"]) <= 3 for facet in api["facets"].values()))
        for hit in api["hits"]:
            self.assertLess(len(hit["snippet"]["text"].encode()), 60 * 2)
        # Only the hostile article has a date (corpus/ has none): a range around it finds it alone.
        dated = self.search(query="venezuela", **{"from": "2019-04-01", "to": "2019-04-30"})
        self.assertEqual(hit_ids(dated), [HOSTILE["id"]])
        self.assertEqual(hit_ids(dated), hit_ids(json.loads(dossier_search(
            self.index, "venezuela", "--json", "--from", "2019-04-01", "--to", "2019-04-30"))))
        self.assertEqual(self.search(query="venezuela", **{"from": "2019-04-15"})["total"], 0)
        self.assertEqual(self.search(query="venezuela", to="2019-04-13")["total"], 0)
        self.assertEqual(self.search(query="pompeo", snippet_bytes=0)["hits"][0]["snippet"]["text"], "")

    def test_source_facet_and_timeline_equal_dossier_search_and_filter(self):
        api = self.search(query="pompeo", timeline="week")
        cli = json.loads(dossier_search(self.index, "pompeo", "--json", "--facets", "10",
                                        "--timeline", "week"))
        self.assertEqual(api["fields"], cli["fields"])
        self.assertEqual(api["timeline"], cli["timeline"])
        self.assertEqual(api["timeline"]["bucket"], "week")
        sources = api["fields"]["source"]["top"]
        self.assertTrue(sources)
        for value in sources:
            filtered = self.search(query="pompeo", limit=0, facet_values=0, source=value["value"])
            self.assertEqual(filtered["total"], value["count"], value)
        status, body = self.server.get("/api/search", query="pompeo", field="category")
        self.assertEqual(status, 400, body)
        status, body = self.server.get("/api/search", query="pompeo", timeline="fortnight")
        self.assertEqual(status, 400, body)

    def test_post_body_equals_query_parameters(self):
        body = json.dumps({"query": "maduro", "person": ["nicolas maduro"], "limit": 3}).encode()
        status, _, posted = self.server.request("/api/search", body=body)
        self.assertEqual(status, 200, posted)
        self.assertEqual(posted, self.search(query="maduro", person="nicolas maduro", limit=3))

    def test_highlight_parts_rebuild_the_snippet(self):
        for hit in self.search(query="maduro pompeo")["hits"]:
            snippet = hit["snippet"]
            self.assertEqual("".join(part["text"] for part in snippet["parts"]), snippet["text"])
            encoded = snippet["text"].encode()
            marked = [part["text"] for part in snippet["parts"] if part["match"]]
            self.assertEqual(marked, [encoded[a:b].decode() for a, b in snippet["highlights"]])
            self.assertTrue(marked)

    def test_facets_endpoint_counts_what_search_finds(self):
        status, facets = self.server.get("/api/facets", query="venezuela", facet_values=5)
        self.assertEqual(status, 200)
        self.assertNotIn("hits", facets)
        for (kind, key), count in facet_counts(facets).items():
            # Facets count every match, so the total is exact, not Xapian's
            # estimate (a filter on an entity of several forms is an OR).
            filtered = self.search(query="venezuela", limit=0, facet_values=1, **{kind: key})
            self.assertEqual(filtered["total"], count, (kind, key))

    def test_suggestions_count_the_articles_a_filter_finds(self):
        status, body = self.server.get("/api/suggest", prefix="Madu")
        self.assertEqual(status, 200, body)
        self.assertEqual(body["suggestions"][0]["name"], "Nicolás Maduro")
        for suggestion in body["suggestions"]:
            self.assertTrue(suggestion["name"].lower().startswith("madu")
                            or any(word.lower().startswith("madu") for word in suggestion["name"].split()))
            filtered = self.search(limit=0, facet_values=1, **{suggestion["kind"]: suggestion["key"]})
            self.assertEqual(filtered["total"], suggestion["count"], suggestion)
        status, places = self.server.get("/api/suggest", prefix="Ve", kind="place")
        self.assertTrue(places["suggestions"])
        self.assertTrue(all(value["kind"] == "place" for value in places["suggestions"]))

    def test_article_equals_dossier_search_get(self):
        first = self.search(query="pompeo")["hits"][0]["id"]
        status, article = self.server.get("/api/article", id=first)
        self.assertEqual(status, 200)
        printed = dossier_search(self.index, "--get", first)
        self.assertEqual(printed.split("\n")[0], article["title"])
        self.assertIn(article["body"], printed)
        self.assertTrue(article["entities"])

    def test_hostile_article_comes_back_as_json_text(self):
        status, headers, article = self.server.request("/api/article", {"id": HOSTILE["id"]})
        self.assertEqual(status, 200)
        self.assertEqual(article["title"], HOSTILE["title"])
        self.assertTrue(headers["Content-Type"].startswith("application/json"))
        self.assertEqual(headers["X-Content-Type-Options"], "nosniff")
        self.assertIn("script-src 'self'", headers["Content-Security-Policy"])

    def assert_error(self, response, status, *words):
        got_status, body = response
        self.assertEqual(got_status, status, body)
        message = body["error"]["message"]
        for word in words:
            self.assertIn(word, message)
        return body["error"]

    def test_bad_requests_get_a_400_that_names_the_problem(self):
        error = self.assert_error(self.server.get("/api/search", query="pompeo AND"), 400, "AND")
        self.assertEqual((error["code"], error["parameter"], error["position"]),
                         ("query syntax", "query", len("pompeo ")))
        self.assert_error(self.server.get("/api/search", query="(maduro"), 400, "(")
        self.assertEqual(self.assert_error(self.server.get("/api/search", limit="ten"), 400, "limit", "ten")
                         ["parameter"], "limit")
        self.assert_error(self.server.get("/api/search", limit="101"), 400, "limit", "100")
        self.assert_error(self.server.get("/api/search", offset="-1"), 400, "offset")
        self.assert_error(self.server.get("/api/search", sort="random"), 400, "sort", "random")
        self.assert_error(self.server.get("/api/search", **{"from": "2019-02-30"}), 400, "from", "2019-02-30")
        self.assert_error(self.server.get("/api/search", colour="red"), 400, "colour", "unknown parameter")
        self.assert_error(self.server.get("/api/search", query=["a", "b"]), 400, "query")
        self.assert_error(self.server.get("/api/suggest", prefix="ma", kind="animal"), 400, "kind")
        self.assert_error(self.server.get("/api/article"), 400, "id")
        bad_json = self.server.request("/api/search", body=b'{"query": "maduro",')
        self.assert_error(bad_json[::2], 400, "not valid JSON", "column 20")
        self.assert_error(self.server.request("/api/search", body=b"[1, 2]")[::2], 400, "JSON object")
        self.assert_error(self.server.request("/api/search", body=b'{"limit": -3}')[::2], 400, "limit")
        self.assert_error(self.server.request("/api/search", body=b'{"limit": 3e999}')[::2], 400, "not valid JSON")

    def test_unknown_things_get_a_404_and_other_methods_a_405(self):
        self.assert_error(self.server.get("/api/article", id="no-such-article"), 404, "no-such-article")
        self.assert_error(self.server.get("/api/nothing"), 404, "/api/nothing")
        status, _, body = self.server.request("/api/search", body=b"{}", method="PUT")
        self.assertEqual(status, 405, body)
        self.assertIn("POST on /api/search", body["error"]["message"])

    def test_oversized_requests_are_refused(self):
        self.assert_error(self.server.get("/api/search", query="x" * 1001), 400, "query", "1000")
        self.assert_error(self.server.get("/api/search", person=[f"p{i}" for i in range(21)]), 400, "20")
        big = json.dumps({"query": "x" * 70000}).encode()
        self.assert_error(self.server.request("/api/search", body=big)[::2], 413, "65536")
        self.assert_error(self.server.get("/api/search", query="y" * 9000), 414, "too long")

    def test_foreign_host_header_is_refused(self):
        status, _, body = self.server.request("/api/info", headers={"Host": "attacker.example:80"})
        self.assertEqual(status, 403, body)

    def test_concurrent_requests_each_get_their_own_answer(self):
        queries = ["maduro", "pompeo", "venezuela", "chile peru", "lima group", "guaido", "paraguay", ""]
        expected = {query: self.search(query=query, limit=5) for query in queries}
        work = [queries[i % len(queries)] for i in range(160)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
            answers = list(pool.map(lambda query: self.server.get("/api/search", query=query, limit=5), work))
        for query, (status, body) in zip(work, answers):
            self.assertEqual(status, 200, body)
            self.assertEqual(body, expected[query], query)

    def test_sigterm_and_sigint_stop_it_cleanly(self):
        for signal_number in (signal.SIGTERM, signal.SIGINT):
            server = Server(self.index)
            self.assertEqual(server.get("/api/info")[0], 200)
            self.assertEqual(server.stop(signal_number), 0)


class BrowserTest(unittest.TestCase):
    """The page, used as a person would: type, pick, click, page, read."""

    @classmethod
    def setUpClass(cls):
        cls.index = build_index()
        cls.server = Server(cls.index)
        cls.browser = cdp.Browser(ARGS.chromium)

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.server.stop()

    def tearDown(self):
        # No script error and no Content-Security-Policy violation on the way.
        self.assertEqual(self.browser.page_problems(), [])

    def api(self, **params):
        status, body = self.server.get("/api/search", **params)
        self.assertEqual(status, 200, body)
        return body

    def open(self, address=""):
        self.browser.navigate(self.server.url + address)
        self.wait_ready()

    def wait_ready(self):
        self.browser.wait_for("document.readyState === 'complete' && document.body.dataset.state === 'ready'",
                              what="the page to finish loading")

    def act(self, action):
        """Runs an action that starts a search and waits for its results."""
        self.browser.evaluate("document.body.dataset.state = 'acting'")
        action()
        self.wait_ready()

    def shown(self):
        return self.browser.evaluate("""(() => ({
          total: Number(document.getElementById('summary').dataset.total),
          ids: [...document.querySelectorAll('#hits .hit')].map((hit) => hit.dataset.id),
          titles: [...document.querySelectorAll('#hits .hit .title')].map((a) => a.textContent),
          marks: [...document.querySelectorAll('#hits mark')].map((m) => m.textContent),
          facets: [...document.querySelectorAll('#facets button.facet')].map((b) =>
              [b.dataset.kind, b.dataset.key, Number(b.dataset.count), b.getAttribute('aria-pressed')]),
          chips: [...document.querySelectorAll('#filters .chip')].map((c) => [c.dataset.kind, c.dataset.key]),
          error: document.getElementById('error').hidden ? null : document.getElementById('error').textContent,
          address: location.search,
        }))()""")

    def assert_page_shows(self, expected, filters):
        shown = self.shown()
        self.assertIsNone(shown["error"])
        self.assertEqual(shown["total"], expected["total"])
        self.assertEqual(shown["ids"], hit_ids(expected))
        self.assertEqual(shown["titles"], [hit["title"] for hit in expected["hits"]])
        self.assertEqual({(kind, key): count for kind, key, count, _ in shown["facets"]}, facet_counts(expected))
        self.assertEqual(sorted(shown["chips"]), sorted(filters))
        pressed = {(kind, key) for kind, key, _, state in shown["facets"] if state == "true"}
        self.assertEqual(pressed, {tuple(f) for f in filters} & set(facet_counts(expected)))
        return shown

    def test_type_pick_filter_page_and_read(self):
        browser = self.browser
        self.open("?limit=3")
        self.assertEqual(self.shown()["total"], self.api(limit=0)["total"])

        # Typing shows the entity suggestions the API gives for the word.
        browser.click("#query")
        browser.type_text("Venez")
        browser.wait_for("!document.getElementById('suggestions').hidden", what="suggestions")
        suggested = browser.evaluate(
            "[...document.querySelectorAll('#suggestions li')].map((li) => [li.dataset.kind, li.dataset.key])")
        expected = self.server.get("/api/suggest", prefix="Venez", limit=8)[1]["suggestions"]
        self.assertEqual(suggested, [[value["kind"], value["key"]] for value in expected])

        # Finish the word and search with Enter: the hits and facets the API gives.
        browser.type_text("uela")
        self.act(lambda: browser.press("Enter", key_code=13, text="\r"))
        query = {"query": "Venezuela", "limit": 3}
        results = self.api(**query)
        self.assertGreater(results["total"], 3)  # enough for two pages
        shown = self.assert_page_shows(results, [])
        self.assertTrue(shown["marks"])
        self.assertTrue(all(mark.lower().startswith("venezuela") for mark in shown["marks"]), shown["marks"])
        self.assertIn("query=Venezuela", shown["address"])

        # A facet value that narrows the results: clicking it filters to its count.
        kind, key, count, _ = next(f for f in shown["facets"] if 0 < f[2] < results["total"])
        self.act(lambda: browser.click(f"#facets button[data-kind='{kind}'][data-key='{key}']"))
        narrowed = self.api(**query, **{kind: key})
        self.assertEqual(narrowed["total"], count)
        shown = self.assert_page_shows(narrowed, [[kind, key]])

        # A second facet of another kind combines with the first (AND).
        other = next((f for f in shown["facets"] if f[0] != kind and 0 < f[2] < narrowed["total"]), None) or \
            next(f for f in shown["facets"] if f[0] != kind)
        self.act(lambda: browser.click(f"#facets button[data-kind='{other[0]}'][data-key='{other[1]}']"))
        both = self.api(**query, **{kind: key, other[0]: other[1]})
        self.assertEqual(both["total"], other[2])
        self.assert_page_shows(both, [[kind, key], [other[0], other[1]]])

        # Removing the first filter (its chip's button) leaves only the second.
        self.act(lambda: browser.click(f"#filters .chip[data-key='{key}'] .remove"))
        self.assert_page_shows(self.api(**query, **{other[0]: other[1]}), [[other[0], other[1]]])
        self.act(lambda: browser.click("#filters .chip .remove"))
        self.assert_page_shows(results, [])

        # Paging: the next page is the API's next page.
        self.act(lambda: browser.click("#next"))
        self.assert_page_shows(self.api(**query, offset=3), [])
        self.assertIn("Page 2 of", browser.evaluate("document.getElementById('page').textContent"))
        self.act(lambda: browser.evaluate("history.back()"))
        self.assert_page_shows(results, [])

        # The article view shows the stored article.
        first = results["hits"][0]["id"]
        self.act(lambda: browser.click(f"#hits .hit[data-id='{first}'] .title"))
        article = self.server.get("/api/article", id=first)[1]
        self.assertEqual(browser.evaluate("document.getElementById('article-title').textContent"), article["title"])
        self.assertTrue(browser.evaluate("document.getElementById('results').hidden"))
        paragraphs = browser.evaluate("[...document.querySelectorAll('#article > p:not(.meta)')].map((p) => p.textContent)")
        self.assertEqual(" ".join(" ".join(paragraphs).split()), " ".join(article["body"].split()))
        self.act(lambda: browser.click("#article .back"))
        self.assert_page_shows(results, [])

    def test_outlet_facet_filters_and_the_timeline_shows_the_dates(self):
        self.open()
        results = self.api()
        self.assert_page_shows(results, [])
        outlets = [(key, count) for (kind, key), count in facet_counts(results).items() if kind == "source"]
        self.assertTrue(outlets, "the corpus articles name their outlets")
        key, count = outlets[0]
        self.act(lambda: self.browser.click(f"#facets button[data-kind='source'][data-key='{key}']"))
        narrowed = self.api(source=key)
        self.assertEqual(narrowed["total"], count)
        self.assert_page_shows(narrowed, [["source", key]])
        self.assertEqual(self.browser.evaluate("document.querySelector('#filters .chip .kind').textContent"),
                         "outlet")
        self.act(lambda: self.browser.click("#filters .chip .remove"))
        # The timeline lists the API's periods with their counts.
        bars = self.browser.evaluate("""[...document.querySelectorAll('.timeline li')].map((li) =>
            [li.querySelector('.period').textContent, Number(li.querySelector('.count').textContent)])""")
        timeline = results["timeline"]
        expected = [[bucket["start"], bucket["count"]] for bucket in timeline["buckets"]]
        if timeline["undated"]:
            expected.append(["no date", timeline["undated"]])
        self.assertTrue(timeline["buckets"], "one test article has a date")
        self.assertEqual(bars, expected)

    def test_picking_a_suggestion_turns_the_word_into_a_filter(self):
        self.open()
        self.browser.click("#query")
        self.browser.type_text("pompeo madu")
        expected = self.server.get("/api/suggest", prefix="madu", limit=8)[1]["suggestions"]
        self.assertTrue(expected)
        listed = json.dumps([[value["kind"], value["key"]] for value in expected], separators=(",", ":"))
        self.browser.wait_for(
            "JSON.stringify([...document.querySelectorAll('#suggestions li')].map((li) =>"
            f" [li.dataset.kind, li.dataset.key])) === {json.dumps(listed)}", what="the suggestions for madu")
        self.browser.press("ArrowDown", key_code=40)
        self.act(lambda: self.browser.press("Enter", key_code=13, text="\r"))
        kind, key = expected[0]["kind"], expected[0]["key"]
        self.assertEqual(self.browser.evaluate("document.getElementById('query').value"), "pompeo")
        self.assert_page_shows(self.api(query="pompeo", **{kind: key}), [[kind, key]])

    def test_query_error_points_at_the_problem(self):
        self.open("?query=" + urllib.parse.quote("pompeo AND"))
        error = self.shown()["error"]
        self.assertIn("AND", error)
        self.assertIn(" " * len("pompeo ") + "^", error)

    def test_markup_in_articles_stays_text(self):
        self.open("?query=" + urllib.parse.quote("Venezuela bold"))
        shown = self.shown()
        self.assertIn(HOSTILE["title"], shown["titles"])
        self.act(lambda: self.browser.click(f"#hits .hit[data-id='{HOSTILE['id']}'] .title"))
        self.assertEqual(self.browser.evaluate("document.getElementById('article-title').textContent"),
                         HOSTILE["title"])
        self.assertIn("<script>window.pwned = 3</script>", self.browser.evaluate(
            "document.getElementById('article').textContent"))
        # Nothing ran, no element came from the data, the javascript: URL is no link.
        self.assertIsNone(self.browser.evaluate("window.pwned === undefined ? null : window.pwned"))
        self.assertEqual(self.browser.evaluate("document.querySelectorAll('script').length"), 1)
        self.assertEqual(self.browser.evaluate("document.querySelectorAll('img, b, i').length"), 0)
        self.assertEqual(self.browser.evaluate("document.querySelectorAll('a[href^=javascript]').length"), 0)


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("part", choices=["api", "browser"])
    for option in ("--serve", "--index-program", "--search-program", "--corpus", "--work"):
        parser.add_argument(option, required=True)
    ARGS, rest = parser.parse_known_args()
    ARGS.work = os.path.abspath(ARGS.work)
    if ARGS.part == "browser":
        ARGS.chromium = cdp.find_chromium()
        if not ARGS.chromium:
            print("SKIP: no chromium on this machine (scripts/test.sh installs it)")
            return SKIP
    case = ApiTest if ARGS.part == "api" else BrowserTest
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(case)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
