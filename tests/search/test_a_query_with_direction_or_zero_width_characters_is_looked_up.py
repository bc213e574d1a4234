"""A search query is looked up whatever characters it holds: bidi isolates, overrides and
zero-width characters are not refused (they protect stored text others read, not a lookup)."""


def test_a_query_with_an_isolate_or_a_zero_width_space_answers_results_or_nothing(org):
    for q in ("\u2066acq\u2069", "ac\u200bq", "\u202eoverride"):
        response = org.get("/api/v1/search", params={"q": q})
        assert response.status_code == 200, response.text
