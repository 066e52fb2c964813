# What `ruche import` says: its errors, the notes on what needs a person, the report written
# to IMPORT.md and its closing line. Values between backticks are the particulars of a
# message: `ruche check` groups messages that differ only there.

## The source

import-source-missing = `{ $source }` does not exist
import-not-a-source = `{ $source }` is not a WordPress export (.xml) nor a Hugo, Jekyll or Zola site, and holds no Markdown file
import-source-hint = give a WordPress export (.xml) or the root folder of a site; `--from wordpress|hugo|jekyll|zola|folder` forces the kind
import-inside-source = the new site would be written inside the source, which `ruche import` never modifies
import-inside-source-hint = choose a folder outside the source, such as `../mon-site`
import-nothing-found = nothing to import in `{ $source }`: no Markdown post and no readable WordPress export item
import-nothing-found-because = { $message } ({ $file }: { $note })
import-nothing-found-hint = give a WordPress export (.xml) or the root folder of a Hugo, Jekyll or Zola site; `--from` forces the format

## Reading a source's front matter and export

import-front-unclosed = the front matter opened on line 1 with `{ $fence }` is never closed
import-front-unclosed-hint = add a `{ $fence }` line after the last key of the front matter
import-front-not-keys = the front matter is not a list of `key: value` lines
import-front-toml = the TOML front matter cannot be read: { $reason }
import-front-fix-hint = fix the front matter in the source, then import again
import-unreadable-item = { $reason } (item « { $title } »)

## What needs a person, one sentence per place

import-note-unreadable = not imported, unreadable ({ $reason }); fix the source and import again, or copy it by hand
import-note-bad-date = unreadable date "{ $date }", kept under `extra.date`; write it as `YYYY-MM-DD` in `date:`
import-note-template = tag with no ruche equivalent left as written `{ $code }`: replace it with Markdown or remove it
import-note-gallery = gallery left as written `{ $code }`: not all its images are in the export or in the folder given with `--uploads`; copy them next to the page, list them under `gallery:` in its front matter, then remove the tag
import-note-missing-image = image not found `{ $code }`, turned into a link: put the file next to the page and write `![…](…)` again
import-note-missing-upload = file not in the uploads folder `{ $code }`, its old address is kept: give `--uploads` with that file, or copy it next to the page
import-note-unresolved-link = link to a page that was not imported `{ $code }`, left as written: point it at a page of the site (`@/section/page.md`) or a full address
import-note-link-to-draft = link to a draft `{ $code }`, left as written: link it again (`@/section/page.md`) once the draft is published
import-note-address-taken = the old address `{ $code }` already belongs to another page: it is not kept here
import-note-renamed = another page already had the address `{ $code }`: this one was renamed, check its address

## The report (IMPORT.md)

import-report-title = Import report
import-report-from = Imported from { $from }.
import-report-pages = pages: { $count }
import-report-drafts = of which drafts: { $count }
import-report-sections = sections: { $count }
import-report-files = files copied (images…): { $count }
import-report-aliases = old addresses kept: { $count }
import-report-converted = tags converted: { $count }
import-report-nothing = Nothing needs a person.
import-report-needs = Needs a person ({ $count })
import-report-note = `{ $place }`: { $what }

## The command's last line

import-closing = { $pages ->
        [one] { $pages } page
       *[other] { $pages } pages
    } imported into { $dir }; { $notes ->
        [one] { $notes } place needs
       *[other] { $notes } places need
    } a person (see { $dir }/IMPORT.md). Next: `ruche serve --root { $dir }`.
