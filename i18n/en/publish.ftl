# What `ruche publish` says: its report, the dry run's list, and every reason a publish cannot
# start or stops (site.yaml's `publish:`, the target, the server, SSH and FTP). Values between
# backticks are the particulars of a message.

## site.yaml's `publish:` and the target URL

publish-password-in-site = `publish.to` holds a password: site.yaml is shared with the repository, so everyone who can read the repository could read it
publish-password-in-site-hint = remove `:password` from the address; for FTP set RUCHE_PUBLISH_PASSWORD or write it in ~/.netrc, for SFTP use your SSH key (ssh-agent or ~/.ssh/)
publish-nowhere = there is nowhere to publish to
publish-nowhere-hint = add `publish: {"{"}to: sftp://user@host/path{"}"}` to site.yaml (or ftp://, ftps://, file:///folder), or give `--to URL`
publish-bad-target = `{ $to }` is not a publishing target: { $reason }
publish-bad-target-hint = write `sftp://user@host/path`, `ftp://user@host/path`, `ftps://user@host/path` or `file:///folder`
publish-target-invalid = it is not a valid address ({ $reason })
publish-target-no-scheme = it does not start with `sftp://`, `ftp://`, `ftps://` or `file://`
publish-target-port = its port is not a number between 1 and 65535
publish-target-password = it holds a password; ruche never reads one from there
publish-target-relative-folder = a file:// target needs an absolute folder, as file:///srv/www
publish-target-scheme = ruche cannot publish over `{ $scheme }`
publish-target-no-host = it names no host

## A publish that stops

publish-failed = publishing to { $host }: { $reason }
publish-failed-on-file = publishing to { $host }: `{ $file }`: { $reason }
publish-failed-transient-hint = ruche tried 5 times over 7.5 s; check the address, the port, your network and that the host is up, then run `ruche publish` again: it finishes what was left
publish-failed-hint = each file on the server is still either its old or its new version; fix the cause above, then run `ruche publish` again: it finishes what was left
publish-manifest-failed = the publish manifest could not be made: { $reason }
publish-built-file-unreadable = the built file `{ $file }` cannot be read: { $reason }
publish-permission-denied = permission denied
publish-disk-full = the disk is full
publish-no-such-file = no such file or folder
publish-no-user = no user name: write it in the URL, as { $scheme }://user@host/path
publish-could-not-start = could not start: { $reason }
publish-connection-lost = the connection was lost
publish-connection-failed = the connection failed: { $reason }
publish-unreachable = the server cannot be reached: { $reason }
publish-no-answer = the server did not answer within { $seconds } s

## FTP and FTPS

publish-ftp-no-password = no password for `{ $user }`: set RUCHE_PUBLISH_PASSWORD (in CI, from the secret store), or add `machine { $host } login { $user } password …` to ~/.netrc
publish-ftp-login-refused = the server refused the login of `{ $user }`: check the password in RUCHE_PUBLISH_PASSWORD or ~/.netrc
publish-tls-failed = the TLS connection failed (is the certificate valid for this host name?): { $reason }
publish-tls-setup = TLS cannot be set up: { $reason }
publish-ca-unreadable = RUCHE_PUBLISH_CA: `{ $file }` cannot be read as PEM certificates: { $reason }
publish-server-full = the server has no room left for it: { $answer }
publish-server-refused = the server refused it (permission denied, or a folder in the way?): { $answer }
publish-server-closed = the server closed the connection: { $answer }
publish-server-answered = the server answered: { $answer }
publish-server-aborted = the server stopped taking it in (a full disk, or a quota reached?): { $answer }
publish-answer-cut-short = the server's answer was cut short

## SFTP and SSH

publish-ssh-failed = the SSH connection failed: { $reason }
publish-sftp-write-refused = the server refused to write it (disk full, quota reached, or a folder in the way?): { $answer }
publish-no-home = HOME is not set, so ~/.ssh/known_hosts cannot be read to check the server
publish-host-key-check = check the key with your host (its control panel or support show its fingerprint), then accept it by connecting once with `{ $ssh }` and answering yes, or with `ssh-keyscan -p { $port } { $host } >> { $known_hosts }` after comparing `ssh-keyscan -p { $port } { $host } | ssh-keygen -lf -` with the host's fingerprint
publish-host-key-unknown = this server is not in { $known_hosts } yet (its key's fingerprint is { $fingerprint }), so ruche cannot be sure it is the right one; { $check }
publish-host-key-changed = the server's key is NOT the one recorded for { $host } at line { $line } of { $known_hosts }: someone may be impersonating it, or the host changed its key. Publish nothing until your host confirms a change; then remove the old line with `ssh-keygen -R '{ $host }'` and { $check }
publish-known-hosts-unreadable = { $known_hosts } cannot be read: { $reason }
publish-ssh-login-refused = the server refused the login of `{ $user }` with the SSH agent's keys and { $keys }; add your public key (~/.ssh/id_ed25519.pub) to the host's authorized keys (its control panel, or `ssh-copy-id`), or load a key protected by a passphrase with `ssh-add`
publish-ssh-no-key-file = no key file (none found in ~/.ssh/)
publish-ssh-key-encrypted = the key { $file } is protected by a passphrase: give it in the environment variable { $variable } (in CI, from the secret store; never in site.yaml), or load the key into the SSH agent with `ssh-add`
publish-ssh-key-wrong-passphrase = the passphrase in { $variable } does not open the key { $file }: check it, or load the key into the SSH agent with `ssh-add`
publish-ssh-key-unusable = { $file } (could not be used: { $reason })

## The report

publish-size-bytes = { $bytes } B
publish-size-kb = { $whole }.{ $tenth } kB
publish-size-mb = { $whole }.{ $tenth } MB
publish-size-gb = { $whole }.{ $tenth } GB
publish-seconds = { $whole }.{ $tenth } s
publish-would-send = send    { $file } ({ $size })
publish-would-replace = replace { $file } ({ $size })
publish-would-remove = remove  { $file }
publish-counts = { $new } new ({ $new_size }), { $replaced } replaced ({ $replaced_size }), { $removed } removed, { $unchanged } unchanged
publish-dry-run = Dry run, nothing was changed on { $target }: it would send { $counts }.
publish-done = Published to { $target } in { $time }: { $counts }.
publish-done-reconnected = Published to { $target } in { $time } ({ $reconnects ->
    [one] the connection was lost once and opened again
   *[other] the connection was lost { $reconnects } times and opened again
}): { $counts }.

## `ruche init --ci`

publish-workflow-exists = this workflow already exists; it was left untouched
publish-workflow-exists-hint = delete or rename it first to have ruche write a new one
publish-ci-not-installed = this ruche ({ $program }) was not installed with `cargo install`: the CI service would not know where to get the same one
publish-ci-unreachable-source = this ruche was installed from { $source }, which the CI service cannot reach (it sees only public `https://` addresses)
publish-ci-install-hint = install ruche from its public repository, with `cargo install --git https://REPOSITORY-ADDRESS ruche`, then run `ruche init --ci` again: the workflow will install exactly the same version
