"""Orchestration: files -> articles -> events -> store. The only impure glue around extract/."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dashboard.extract.events import extract_events
from dashboard.models import Article, Event
from dashboard.readers import Problem, expand_paths, read_file
from dashboard.store import Store


@dataclass
class IngestReport:
    files_read: int = 0
    articles_read: int = 0
    articles_added: int = 0
    articles_unchanged: int = 0
    events_stored: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def skipped(self) -> list[Problem]:
        return [p for p in self.problems if p.skipped]


def with_published(article: Article, published: date | None) -> Article:
    """The article with a batch-wide publication date (keeps its id: the text is unchanged)."""
    if published is None:
        return article
    return Article(
        text=article.text,
        title=article.title,
        published=published,
        source=article.source,
        url=article.url,
        language=article.language,
        path=article.path,
        article_id=article.article_id,
    )


def extract_pairs(articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
    for article in articles:
        yield article, extract_events(article)


def read_articles(
    paths: Iterable[Path],
    report: IngestReport,
    published: date | None = None,
    on_file: Callable[[Path | Problem], None] | None = None,
) -> Iterator[Article]:
    """Articles under ``paths``; problems go into ``report`` instead of stopping the batch."""
    for item in expand_paths(paths):
        if on_file:
            on_file(item)
        if isinstance(item, Problem):
            report.problems.append(item)
            continue
        report.files_read += 1
        for result in read_file(item):
            if isinstance(result, Problem):
                report.problems.append(result)
            else:
                report.articles_read += 1
                yield with_published(result, published)


def ingest_articles(articles: Iterable[Article], store: Store, report: IngestReport) -> None:
    counts = store.add(extract_pairs(articles))
    report.articles_added += counts.articles_added
    report.articles_unchanged += counts.articles_unchanged
    report.events_stored += counts.events_added


def ingest_paths(
    paths: Iterable[Path],
    store: Store,
    published: date | None = None,
    on_file: Callable[[Path | Problem], None] | None = None,
) -> IngestReport:
    report = IngestReport()
    ingest_articles(read_articles(paths, report, published, on_file), store, report)
    return report
