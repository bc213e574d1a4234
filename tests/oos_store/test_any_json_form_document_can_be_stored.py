"""The REST face takes the JSON form as input, so any JSON frontmatter must render to Markdown
that parses back to the same mapping (control characters in keys once crashed YAML)."""
from hypothesis import given, settings
from hypothesis import strategies as st

from otp.oos.document import parse, render
from otp.oos.jsonform import from_dict

scalars = st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.text(max_size=20)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                          max_size=3), max_leaves=8)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=12), values, max_size=5))
def test_any_json_frontmatter_renders_to_markdown_that_parses_back(frontmatter):
    doc = from_dict({"format": "oos+json", "frontmatter": frontmatter, "body": []})
    assert parse(render(doc)).frontmatter.data == frontmatter


def test_a_control_character_key_is_stored_through_the_api(org):
    document = {"format": "oos+json", "frontmatter": {"\u001f": None}, "body": []}
    assert org.ok("PUT", "/api/v1/oos/draft", {"document": document})["state"] == "draft"
