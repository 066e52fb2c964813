# YAML (site.yaml, front matter) read for people who never heard of a "sequence": the
# parser's words are replaced piece by piece, so each piece reads well after the others.

yaml-never-closed = { $what } opened here is never closed
yaml-a-quote = a quote
yaml-a-list = a list `[`
yaml-a-group = a group `{"{"}`
yaml-tab-at-start = a tab character was found at the start of the line
yaml-the-text = the text
yaml-the-number = the number
yaml-the-value = the value
yaml-was-given-but = {" "}was given, but{" "}
yaml-but = ,{" "}but{" "}
yaml-given-list = a list was given
yaml-given-group = a group of keys was given
yaml-given-nothing = nothing was given
yaml-expected-list = a list is expected (`[a, b]` or one `- item` per line)
yaml-expected-text = plain text is expected
yaml-expected-whole = a whole number is expected
yaml-expected-positive = a whole positive number is expected
yaml-expected-boolean = `true` or `false` is expected
yaml-expected-cover = `src:` and `alt:` lines are expected
yaml-expected-speaker = `name:` (and `role:`) lines are expected
yaml-expected-event = `start:` and the other event lines are expected
yaml-missing-key = the key is missing:
yaml-tab-found = a tab character was found
yaml-line-does-not-fit = this line does not fit here: check its indentation and its `key: value` form
yaml-value-missing = a value is missing, or starts with a character YAML reserves: put it between quotes
yaml-in-key = in `{ $key }`: { $words }

yaml-unclosed-bracket = a list `[…]` or a group `{"{"}…{"}"}` was opened and never closed: close it on the same line, or put text that starts with `[` or `{"{"}` between quotes
yaml-hint-tabs = YAML does not allow tabs for indentation: indent with spaces instead
yaml-hint-quote = a quote was opened and never closed: add the closing quote on the same line
yaml-hint-duplicate = a key appears twice: keep only one of them
