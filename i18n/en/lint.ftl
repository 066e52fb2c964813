# The editorial lint of `ruche check` and the preview: warnings, never errors unless `strict`.

lint-second-h1 = a second heading of level 1 (`# …`) in this text
lint-second-h1-hint = a page has one main heading, its title: write the other sections with `##`
lint-heading-skipped = this heading of level { $level } comes after one of level { $previous }: level { $skipped } is skipped
lint-heading-skipped-hint = screen readers list headings as an outline: go down one level at a time (`##` under the title, then `###`)
lint-link-text = the text of this link, `{ $text }`, does not say where it leads
lint-link-text-hint = write what the reader will find there, such as « le programme de la formation »: screen readers list links by their text alone
lint-no-description = this article has no `description` and no `<!-- more -->`: lists and feeds show its first paragraph
lint-no-description-hint = add `description: …` (one or two sentences) to the front matter, or put `<!-- more -->` after the introduction
lint-long-title = this title has { $length } characters; past { $longest } it is cut in search results and lists
lint-long-title-hint = keep the title short and move the detail into `description`
