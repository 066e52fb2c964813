# What ruche says about the site search: pages the index cannot hold, and an index that cannot
# be made. Values between backticks are the particulars of a message.

search-no-words = this page has no words to index: search will not find it
search-no-words-hint = give it a title or some text, or add `search: false` to its front matter
search-too-long = this page is too long to be searched whole: only its first { $kilobytes } KB of text are
search-too-long-hint = split it into several pages if readers need to find what comes after
search-page-failed = this page could not be indexed for search: { $reason }
search-page-failed-hint = search will not find it; check its text, or add `search: false` to its front matter
search-indexer-failed = could not start the search indexer: { $reason }
search-index-failed = the search index could not be made: { $reason }
search-indexer-crashed = the search index could not be made (the indexer stopped on an internal error)
