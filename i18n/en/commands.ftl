# What the commands print: ruche build, check, new, init, publish, and how diagnostics are
# laid out. Values between backticks are the particulars of a message: `ruche check` groups
# messages that differ only there.

diagnostic-error = error
diagnostic-warning = warning
diagnostic-hint = hint: { $hint }
diagnostic-group = ── { $count } × { $label }: { $kind }
diagnostic-more = … and { $count } more like these (`ruche check --verbose` lists them all)

count-errors = { $count ->
    [one] 1 error
   *[other] { $count } errors
}
count-warnings = { $count ->
    [one] 1 warning
   *[other] { $count } warnings
}
count-files = { $count ->
    [one] 1 file
   *[other] { $count } files
}
count-pages = { $count ->
    [one] 1 page
   *[other] { $count } pages
}
count-sections = { $count ->
    [one] 1 section
   *[other] { $count } sections
}
counts-none = no problem
counts-both = { $errors } and { $warnings }
counts-in-files = { $what } in { $files }

failed-nothing-written = { $counts }: nothing was written.
failed-publish-stopped = { $counts }: the publish stopped.

check-fix-errors = { $counts }: fix the errors before publishing.
check-warnings-only = No error, { $counts }: { $pages }, { $sections } checked.
check-clean = No problem found: { $pages }, { $sections }.

build-summary = Built { $pages }, { $sections }, { $files } in { $time } → { $dest }
build-next-scheduled = Next scheduled page: { $file } goes live on { $day }; the site must be built again that day (see `ruche init --ci` for a daily rebuild).

stage-starting = Starting
stage-reading = Reading
stage-markdown = Markdown
stage-preparing = Preparing
stage-rendering = Rendering

new-written = Written: { $file }
new-next = Next: open it in your text editor, write, then preview it with `ruche serve --drafts`.
init-ready = A new site is ready in { $dir }
init-next = Next: `cd { $dir }` then `ruche serve` to see it in your browser.
init-ci-next = Next: add `publish: {"{"}to: sftp://user@host/path{"}"}` to site.yaml and the secrets the file lists to your CI's secret store (docs/publishing.md).

publish-bar = Publishing
publish-bar-files = { $done }/{ $files } files

new-no-name = give the new article a name, such as `ruche new actualites/mon-article`
new-exists = this file already exists; it was left untouched
new-exists-hint = choose another name, or open the existing file to edit it
init-not-empty = the folder `{ $dir }` is not empty; nothing was written
init-not-empty-hint = choose a new folder name, or add --force to write the site into this folder anyway
