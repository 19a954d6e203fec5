"""Loading a content folder: what is an article, what is served, and that nothing ever raises."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.core.catalog import load_catalog
from bot.settings import CHECKOUT_CONTENT_DIR as SHIPPED_CONTENT

WriteArticle = Callable[..., Path]


def test_shipped_catalog_loads_all_28_articles_in_5_categories_without_problems() -> None:
    catalog = load_catalog(SHIPPED_CONTENT)

    assert catalog.problems == ()
    assert len(catalog.articles) == 28
    assert [category.name for category in catalog.categories] == [
        "Architecture",
        "Cloud & DevOps",
        "Engineering",
        "Leadership",
        "Security",
    ]


def test_article_fields_come_from_front_matter_and_slug_from_file_name(catalog_dir: Path) -> None:
    article = load_catalog(catalog_dir).by_slug("securing-user-sessions")

    assert article is not None
    assert article.title == "Securing User Sessions: How Modern Authentication Works"
    assert article.category == "Security"
    assert article.read_time == 22
    assert "refresh-tokens" in article.tags
    assert article.body.startswith("Most auth vulnerabilities")
    assert article.path == catalog_dir / "security" / "securing-user-sessions.md"


def test_optional_fields_are_parsed_to_their_types(catalog_dir: Path, write_article: WriteArticle) -> None:
    write_article(
        catalog_dir,
        "security/dated.md",
        url="https://example.com/dated",
        published="2024-03-31",
        author="Ana",
    )

    article = load_catalog(catalog_dir).by_slug("dated")

    assert article is not None
    assert (article.url, str(article.published), article.author) == (
        "https://example.com/dated",
        "2024-03-31",
        "Ana",
    )


def test_unquoted_yaml_date_is_accepted_as_published(catalog_dir: Path) -> None:
    (catalog_dir / "security" / "plain-date.md").write_text(
        "---\ntitle: Plain date\ncategory: Security\nsummary: s\nread_time: 3\npublished: 2023-01-02\n---\nBody\n",
        encoding="utf-8",
    )

    article = load_catalog(catalog_dir).by_slug("plain-date")

    assert article is not None
    assert article.published is not None
    assert article.published.isoformat() == "2023-01-02"


def test_numbers_in_text_fields_keep_their_spelling(catalog_dir: Path) -> None:
    (catalog_dir / "security" / "version.md").write_text(
        "---\ntitle: 1.10\ncategory: Security\nsummary: s\nread_time: 3\ntags: [2024, 1.10]\n---\nBody\n",
        encoding="utf-8",
    )

    article = load_catalog(catalog_dir).by_slug("version")

    assert article is not None
    assert (article.title, article.tags) == ("1.10", ("2024", "1.10"))


def test_broken_file_is_skipped_and_every_other_article_is_served(catalog_dir: Path) -> None:
    (catalog_dir / "security" / "broken.md").write_bytes(b"---\ntitle: [unclosed\n---\n")

    catalog = load_catalog(catalog_dir)

    assert len(catalog.articles) == 8
    assert [problem.path.name for problem in catalog.problems] == ["broken.md"]


def test_readme_hidden_files_and_non_markdown_are_not_articles(catalog_dir: Path) -> None:
    (catalog_dir / "README.md").write_text("# How to write articles\n", encoding="utf-8")
    (catalog_dir / "security" / ".draft.md").write_text("not front matter", encoding="utf-8")
    (catalog_dir / ".git").mkdir()
    (catalog_dir / ".git" / "notes.md").write_text("nope", encoding="utf-8")
    (catalog_dir / "security" / "notes.txt").write_text("nope", encoding="utf-8")

    catalog = load_catalog(catalog_dir)

    assert catalog.problems == ()
    assert len(catalog.articles) == 8


def test_missing_folder_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    catalog = load_catalog(tmp_path / "nowhere")

    assert catalog.articles == ()
    assert [str(problem) for problem in catalog.problems] == [
        f"{tmp_path / 'nowhere'}: content folder does not exist"
    ]


def test_leading_blank_lines_and_byte_order_mark_are_tolerated(catalog_dir: Path) -> None:
    text = "\n\n---\ntitle: Padded\ncategory: Security\nsummary: s\nread_time: 2\n---\nBody\n"
    (catalog_dir / "security" / "padded.md").write_bytes(b"\xef\xbb\xbf" + text.encode())

    assert load_catalog(catalog_dir).by_slug("padded") is not None


def test_windows_line_endings_load(catalog_dir: Path) -> None:
    text = "---\r\ntitle: Crlf\r\ncategory: Security\r\nsummary: s\r\nread_time: 2\r\n---\r\nBody\r\n"
    (catalog_dir / "security" / "crlf.md").write_bytes(text.encode())

    article = load_catalog(catalog_dir).by_slug("crlf")

    assert article is not None
    assert article.title == "Crlf"


def test_file_names_become_url_safe_slugs(catalog_dir: Path, write_article: WriteArticle) -> None:
    write_article(catalog_dir, "security/Zero Trust, Explained.md")

    assert load_catalog(catalog_dir).by_slug("zero-trust-explained") is not None


def test_same_folder_loads_to_an_equal_catalog(catalog_dir: Path) -> None:
    assert load_catalog(catalog_dir) == load_catalog(catalog_dir)
