# Links, anchors and images a page points to; pages with foreign syntax; scheduled pages.

links-waiting = { $count ->
    [one] 1 link from other pages leads here: it will work once this file's error is fixed
   *[other] { $count } links from other pages lead here: they will work once this file's error is fixed
}
link-missing = the link to `{ $dest }` points to `content/{ $target }`, which does not exist
link-missing-hint = check the file name (internal links look like `@/actualites/mon-article.md`), or remove the link
link-no-anchor = the link points to `#{ $anchor }` in `content/{ $target }`, which has no such heading
link-no-anchor-hint = anchors are the headings' ids: a heading `## Jour 1` has the id `jour-1`
link-external-broken = the link to `{ $url }` does not work: `{ $detail }`
link-external-broken-hint = open the address in a browser: if the page moved, link to its new address; if it is gone, remove the link
link-external-unreachable = the site could not be reached ({ $error })

image-cover-missing = the cover image `{ $image }` was not found next to this file
image-missing = the image `{ $image }` was not found next to this file
image-missing-hint = put the image in the article's folder (a page bundle) and check the spelling of its name

foreign-hugo-shortcode = a Hugo shortcode
foreign-liquid-tag = a Liquid tag (Jekyll)
foreign-expression = a template expression
foreign-wordpress-shortcode = a WordPress shortcode
foreign-wordpress-block = a WordPress block comment
foreign-many = {" "}({ $count } in this file; the first is here)
foreign-found = `{ $first }` is { $what }, which ruche does not run: it is shown as written{ $many }
foreign-wordpress-block-hint = these comments are invisible on the page; you can delete them
foreign-hint = write it in Markdown instead (an image: `![description](photo.jpg)`, a video: a link to it, code: between ``` lines), or delete it; `ruche import` converts the common ones

page-scheduled = this page is dated { $day }, after today: it is scheduled, and `ruche build` leaves it out until that day
page-scheduled-hint = to publish it now, give it today's date; to keep it unpublished, add `draft: true`; to build it anyway, use `ruche build --future`
