# Pages and their front matter, the content/ folder, files on disk.

matter-never-closed = the front matter opened on line 1 is never closed
matter-never-closed-hint = add a line with only `{ $fence }` after the last front matter line, before the text
matter-form-hint = front matter holds `key: value` lines, such as `title: Mon article`
matter-form-hint-section = front matter holds `key: value` lines, such as `title: Actualités`
matter-not-a-map = the front matter is not a list of `key: value` lines
matter-not-a-map-hint = write one `key: value` per line, such as `title: Mon article`
matter-no-title = this page has no title
matter-no-title-hint = add a line `{ $line }` to the front matter, between the `{ $fence }` lines
matter-unknown-key = `{ $key }` is not a known front matter key; it is kept under `page.extra`
matter-known-keys = the known keys are: { $keys }
matter-date-hint = write a date as YYYY-MM-DD (2025-07-01), or with a time as 2025-07-01T09:30:00+02:00
matter-event-ends-before = the event ends before it starts
matter-event-date-hint = write event dates as YYYY-MM-DD for whole days, or 2025-07-01T09:30:00+02:00 with a time; `end` comes after `start`
matter-not-terms = `{ $key }` must be a list of words
matter-not-terms-hint = write `{ $key }: [Coopsday, Formation]`
matter-toml-hint = TOML front matter holds `key = value` lines with texts in quotes, such as `title = "Mon article"`, between two `+++` lines
matter-toml-unreadable = this TOML front matter cannot be read: { $reason }

content-symlink-skipped = this is a symbolic link, which ruche does not follow (it could lead out of the site, or loop): it was skipped
content-symlink-skipped-hint = copy the file or folder into `content/` instead of linking to it
content-markdown-in-bundle = this Markdown file is inside the folder of the page `content/{ $owner }`: it is not a page of its own, and it is not published
content-markdown-in-bundle-hint = to make it a page, move it out of `content/{ $folder }/`; if it is a note to yourself, you can leave it there
content-two-section-files = this folder already has a section file, `content/{ $first }`
content-two-section-files-hint = keep only one `_index` file per folder: merge them, then delete this one
content-deleted-while-building = this file was deleted while the site was being built; it was skipped
content-unreadable = this file could not be read: { $reason }
content-unreadable-hint = check that the file is not open in another program and that you may read it
content-utf16 = this file is saved as UTF-16 ("Unicode"), not UTF-8 text
content-not-utf8 = this file is not UTF-8 text
content-not-utf8-hint = save it again as "UTF-8" in your text editor (File → Save as → Encoding: UTF-8)
content-same-url = `{ $file }` and `{ $first }` both want the URL /{ $path }
content-same-url-hint = rename one of the files, or give one a different `slug:` in its front matter
content-alias-is-own-address = the alias `{ $alias }` is this page's own address: its redirect would replace the page
content-alias-is-own-address-hint = remove it from `aliases:`, which lists the old addresses that should lead to this page
content-no-folder = there is no `content/` folder
content-no-folder-hint = create a `content/` folder next to site.yaml and put your articles (.md files) in it

io-not-found = `{ $path }` was not found
io-permission-denied = `{ $path }` cannot be accessed (permission denied)
io-failed = `{ $path }` could not be read or written: { $reason }
io-could-not-read = could not read `{ $path }`: { $reason }
io-reason-not-found = it does not exist
io-reason-permission = permission denied
io-reason-disk-full = the disk is full
io-reason-read-only = the disk is read-only

date-forms = write it year-month-day, like `2025-07-01`, or with a time, like `2025-07-01 09:30` or `2025-07-01T09:30:00+02:00`
date-no-such-month = there is no month { $month }
date-month-days = { $month } has { $days } days
date-does-not-exist = the date `{ $date }` does not exist: { $why }; { $forms }
date-no-such-time = the time in `{ $date }` does not exist: hours go from 00 to 23 and minutes from 00 to 59; { $forms }
date-empty = the date is empty: { $forms }
date-day-first = `{ $date }` is not a date ruche reads: write it year-month-day, `{ $iso }`
date-unreadable = `{ $date }` is not a date ruche reads: { $forms }
