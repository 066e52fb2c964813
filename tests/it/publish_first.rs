//! A first `ruche publish` onto a server that already holds the site (uploaded by hand, or
//! whose manifest was lost): with no manifest, a file of the same size is not sent again,
//! unless the server can hash it (FTP's `HASH`) and the hash differs.

use crate::publish::{assert_mirrors, mtimes, site, MANIFEST};
use crate::support;

use std::time::Duration;

use support::servers::{Ftpd, FTP_PASSWORD};

#[test]
fn ftp_a_first_publish_sends_again_a_file_of_the_same_size_whose_hash_differs() {
    let Some(ftpd) = Ftpd::start_faulty_or_skip() else {
        return;
    };
    let site = site(2);
    site.run(&["build"]).success();
    let remote = ftpd.remote();
    support::copy_dir(&site.root().join("public"), &remote);
    // Same size, other bytes: only a hash tells them apart.
    let page = "actualites/article-0/index.html";
    let mut bytes = std::fs::read(remote.join(page)).unwrap();
    bytes.make_ascii_uppercase();
    std::fs::write(remote.join(page), bytes).unwrap();
    let before = mtimes(&remote);
    std::thread::sleep(Duration::from_millis(20));

    let password = ("RUCHE_PUBLISH_PASSWORD", FTP_PASSWORD);
    let url = ftpd.url();
    site.run_in(&ftpd.home(), &["publish", "--to", &url], &[password])
        .success()
        .stdout_contains("0 nouveau (0 o), 1 remplacé");
    assert_mirrors(&site, &remote, &[]);
    let rewritten: Vec<String> = mtimes(&remote)
        .into_iter()
        .filter(|(k, t)| k != MANIFEST && before.get(k) != Some(t))
        .map(|(k, _)| k)
        .collect();
    assert_eq!(rewritten, [page]);
}
