;;; e2e.el --- End-to-end test of editors/emacs/iam-policy-ls.el with Eglot  -*- lexical-binding: t; -*-

;; A real Emacs (28+) with Eglot and the real server, in batch mode:
;;
;;   IAM_POLICY_LS_BIN=target/release/iam-policy-ls emacs --batch -Q -l editors/emacs/test/e2e.el
;;
;; It loads iam-policy-ls.el as a user would, opens policy.json, runs `M-x eglot', and checks
;; what a person sees: the Flymake diagnostic, the ElDoc hover, the `completion-at-point'
;; candidates and a quick fix from `M-x eglot-code-actions'.  Batch Emacs has no command loop,
;; so the test runs the event loop (`accept-process-output') while it waits, each wait with a
;; deadline.  Prints one line per check and exits 0 when all pass, 1 otherwise.

;;; Code:

(require 'cl-lib)
(require 'subr-x)

(defconst e2e-dir (file-name-directory (or load-file-name buffer-file-name)))
(defconst e2e-emacs-dir (expand-file-name ".." e2e-dir))
(defconst e2e-repo (expand-file-name "../.." e2e-emacs-dir))
(defconst e2e-bin (expand-file-name (or (getenv "IAM_POLICY_LS_BIN")
                                        (expand-file-name "target/release/iam-policy-ls" e2e-repo))))
(defconst e2e-timeout
  (/ (float (or (and (getenv "IAM_POLICY_LS_TEST_TIMEOUT_MS")
                     (string-to-number (getenv "IAM_POLICY_LS_TEST_TIMEOUT_MS")))
                15000))
     1000))

(defvar e2e-passes 0)
(defvar e2e-failures 0)

(defun e2e-out (line)
  "Print LINE on stdout, at once (`princ' would buffer it when stdout is a file)."
  (send-string-to-terminal (concat line "\n")))

(defun e2e-check (name ok &optional detail)
  "Print NAME as passed when OK, else as failed with DETAIL.  Return OK."
  (if ok
      (progn (setq e2e-passes (1+ e2e-passes))
             (e2e-out (concat "  ok   " name)))
    (setq e2e-failures (1+ e2e-failures))
    (e2e-out (concat "  FAIL " name
                     (and detail
                          (concat ": " (if (stringp detail) detail (format "%S" detail)))))))
  ok)

(defun e2e-wait (pred &optional timeout)
  "Run the event loop until PRED is non-nil or TIMEOUT seconds pass; return PRED.
Waiting is what an idle user does, but batch Emacs is never idle, so the idle
timers that Emacs would run by now (Eglot's didChange, Flymake's check, ElDoc's)
are run here, each once per wait."
  (let* ((start (float-time))
         (deadline (+ start (or timeout e2e-timeout)))
         fired value)
    (while (and (not (setq value (funcall pred)))
                (< (float-time) deadline))
      (accept-process-output nil 0.05)
      (dolist (timer (copy-sequence timer-idle-list))
        (when (and (not (memq timer fired))
                   (>= (- (float-time) start) (float-time (timer--time timer))))
          (push timer fired)
          (timer-event-handler timer))))
    value))

(defun e2e-line-text (n)
  (save-excursion
    (goto-char (point-min))
    (forward-line (1- n))
    (buffer-substring-no-properties (line-beginning-position) (line-end-position))))

(defun e2e-goto (line text &optional offset)
  "Move point to TEXT on LINE (1-based), OFFSET characters into it."
  (goto-char (point-min))
  (forward-line (1- line))
  (unless (search-forward text (line-end-position) t)
    (error "%S not found on line %d: %S" text line (e2e-line-text line)))
  (goto-char (+ (match-beginning 0) (or offset 0))))

(defun e2e-json-ok ()
  "Nil when the buffer parses as JSON, else the error."
  (condition-case err
      (ignore (json-parse-string (buffer-substring-no-properties (point-min) (point-max))))
    (error err)))

(defun e2e-diags (code)
  "The Flymake diagnostics in the current buffer whose text has [CODE]."
  (cl-remove-if-not (lambda (d) (string-search (format "[%s]" code) (flymake-diagnostic-text d)))
                    (flymake-diagnostics)))

;; Nothing of the user's: no init file (-Q), a temporary package directory, no files written
;; next to the policy.
(setq make-backup-files nil
      auto-save-default nil
      create-lockfiles nil
      vc-handled-backends '(Git))

;; -Q leaves the package system off and the site-lisp directories off the `load-path', where
;; Debian's elpa-eglot lives (/usr/share/emacs/site-lisp/elpa): activate the installed
;; packages.  Emacs 29+ has Eglot built in.
(require 'package)
(dolist (dir '("/usr/share/emacs/site-lisp/elpa" "/usr/share/emacs/site-lisp/elpa-src"))
  (when (file-directory-p dir)
    (add-to-list 'package-directory-list dir t)))
(setq package-user-dir (make-temp-file "iam-policy-ls-e2e-elpa" t))
(package-initialize)

;; A workspace with a root marker and a policy with a misspelled action.
(defconst e2e-ws (file-name-as-directory (make-temp-file "iam-policy-ls-e2e-ws" t)))
(make-directory (expand-file-name ".git" e2e-ws))
(defconst e2e-policy (expand-file-name "policy.json" e2e-ws))
(with-temp-file e2e-policy
  (insert "{
  \"Version\": \"2012-10-17\",
  \"Statement\": [
    {
      \"Sid\": \"WriteLogs\",
      \"Effect\": \"Allow\",
      \"Action\": [
        \"logs:CreateLogStream\",
        \"logs:PutLogEvent\"
      ],
      \"Resource\": \"arn:aws:logs:*:*:log-group:/app/*\"
    }
  ]
}
"))

(defvar e2e-server nil)
(defvar iam-policy-ls-program)
(defvar iam-policy-ls-modes)
(declare-function lm-version "lisp-mnt")

(cl-defun e2e-run ()
  ;; The documented setup, as an init file would have it; only the binary's location differs.
  (add-to-list 'load-path e2e-emacs-dir)
  (require 'iam-policy-ls)
  (setq iam-policy-ls-program e2e-bin)
  (require 'eglot)
  (require 'lisp-mnt)
  (e2e-out (format "emacs e2e: %s, Eglot %s, server %s"
                   emacs-version
                   (or (ignore-errors (lm-version (locate-library "eglot.el"))) "?")
                   e2e-bin))

  (find-file e2e-policy)
  (let* ((buf (current-buffer))
         (entry (eglot--lookup-mode major-mode)))
    (e2e-check (format "policy.json opens in a mode iam-policy-ls.el lists (%s)" major-mode)
               (assq major-mode iam-policy-ls-modes) iam-policy-ls-modes)
    (e2e-check "eglot-server-programs gives iam-policy-ls --stdio for it, language id json"
               (and entry
                    (equal (cadr entry) "json")
                    (functionp (nth 2 entry))
                    (equal (funcall (nth 2 entry)) (list e2e-bin "--stdio")))
               entry)

    ;; M-x eglot
    (call-interactively #'eglot)
    (setq e2e-server
          (e2e-wait (lambda ()
                      (with-current-buffer buf
                        (and (eglot-managed-p)
                             (let ((s (eglot-current-server)))
                               (and s (jsonrpc-running-p s) (eglot--capabilities s) s)))))))
    (unless (e2e-check "M-x eglot starts the server and manages the buffer" e2e-server)
      (cl-return-from e2e-run))
    (e2e-check "server info names iam-policy-ls"
               (equal (plist-get (eglot--server-info e2e-server) :name) "iam-policy-ls")
               (eglot--server-info e2e-server))
    (e2e-check "the project root is the workspace"
               (equal (file-truename (project-root (eglot--project e2e-server)))
                      (file-truename e2e-ws))
               (project-root (eglot--project e2e-server)))

    ;; 1. The diagnostic, in Flymake.
    (let ((diag (car (e2e-wait (lambda () (with-current-buffer buf (e2e-diags "unknown-action")))))))
      (when (e2e-check "Flymake shows an unknown-action diagnostic" diag
                       (mapcar #'flymake-diagnostic-text (flymake-diagnostics)))
        (let ((line (line-number-at-pos (flymake-diagnostic-beg diag))))
          (e2e-check "on the misspelled action (line 9)"
                     (and (= line 9)
                          (string-search "logs:PutLogEvent"
                                         (buffer-substring (flymake-diagnostic-beg diag)
                                                           (flymake-diagnostic-end diag))))
                     (format "line %d: %S" line (buffer-substring (flymake-diagnostic-beg diag)
                                                                  (flymake-diagnostic-end diag)))))
        (e2e-check "the message says did you mean \"logs:PutLogEvents\""
                   (string-search "did you mean \"logs:PutLogEvents\"" (flymake-diagnostic-text diag))
                   (flymake-diagnostic-text diag))
        (e2e-check "it is an error, with Flymake's error face on the text"
                   (and (eq (flymake-diagnostic-type diag) 'eglot-error)
                        (cl-some (lambda (ov) (and (overlay-get ov 'flymake-diagnostic)
                                                   (eq (overlay-get ov 'face) 'flymake-error)))
                                 (overlays-at (1+ (flymake-diagnostic-beg diag)))))
                   (flymake-diagnostic-type diag))))

    ;; 2. Hover, through ElDoc: M-x eldoc on logs:CreateLogStream.
    (e2e-goto 8 "CreateLogStream")
    (call-interactively #'eldoc)
    (let ((doc (e2e-wait (lambda ()
                           (let ((b (bound-and-true-p eldoc--doc-buffer)))
                             (and (buffer-live-p b)
                                  (with-current-buffer b
                                    (let ((s (buffer-substring-no-properties (point-min) (point-max))))
                                      (and (string-search "CreateLogStream" s) s)))))))))
      (e2e-check "ElDoc documents logs:CreateLogStream" doc
                 (and (buffer-live-p (bound-and-true-p eldoc--doc-buffer))
                      (with-current-buffer eldoc--doc-buffer (buffer-string))))
      (e2e-check "with its access level (Write)" (and doc (string-search "Write" doc)) doc)
      ;; Eglot asks for plain text (without markdown-mode): no Markdown markup on screen.
      (e2e-check "in plain text, as Eglot asked (no ** or backticks)"
                 (and doc (not (string-search "**" doc)) (not (string-search "`" doc))) doc))
    ;; `eldoc-doc-buffer' may have split the window: show the policy alone again.
    (switch-to-buffer buf)
    (delete-other-windows)

    ;; 3. The quick fix: M-x eglot-code-actions on the misspelled action, picking the fix.
    (e2e-goto 9 "\"logs:PutLogEvent\"")
    (let* ((offered nil)
           (wanted "Change to \"logs:PutLogEvents\"")
           (completing-read-function
            (lambda (_prompt collection &rest _)
              (setq offered (mapcar #'car collection))
              (or (cl-find wanted offered :test #'equal) (car offered) "")))
           ;; As after M-x from the keyboard (a mouse event would pop up a menu).
           (last-nonmenu-event ?\r)
           (err (condition-case err (progn (call-interactively #'eglot-code-actions) nil)
                  (error err))))
      (e2e-check (format "M-x eglot-code-actions offers %s" wanted)
                 (member wanted offered) (or err offered))
      (e2e-check "applying it puts \"logs:PutLogEvents\" on line 9"
                 (equal (string-trim (e2e-line-text 9)) "\"logs:PutLogEvents\"")
                 (e2e-line-text 9))
      (e2e-check "the buffer still parses as JSON (json-parse-string)" (not (e2e-json-ok)) (e2e-json-ok))
      (e2e-check "and Flymake drops the diagnostic"
                 (e2e-wait (lambda () (with-current-buffer buf (null (e2e-diags "unknown-action")))))
                 (mapcar #'flymake-diagnostic-text (flymake-diagnostics))))

    ;; 4. Completion: type a new element "logs:Put" (the closing quote paired) and run
    ;; completion-at-point, as C-M-i does; take the candidates the completion UI would list,
    ;; and accept logs:PutLogEvents.
    (goto-char (point-min))
    (forward-line 8)
    (end-of-line)
    (insert ",\n        \"logs:Put\"")
    (backward-char 1)
    (let* ((candidates nil)
           (doc nil)
           (completion-in-region-function
            (lambda (start end collection pred)
              (let* ((input (buffer-substring-no-properties start end))
                     (md (completion-metadata input collection pred))
                     (all (completion-all-completions input collection pred (- (point) start) md))
                     (props completion-extra-properties))
                (when (consp all) (setcdr (last all) nil))
                (setq candidates (mapcar #'substring-no-properties all))
                (when-let ((chosen (cl-find "logs:PutLogEvents" all :test #'string=)))
                  ;; Its documentation, as a completion UI shows it (company's doc buffer):
                  ;; Eglot resolves the item for it.
                  (when-let ((doc-buffer (plist-get props :company-doc-buffer)))
                    (setq doc (ignore-errors
                                (with-current-buffer (funcall doc-buffer chosen)
                                  (buffer-substring-no-properties (point-min) (point-max))))))
                  (completion--replace start end chosen)
                  (when-let ((exit (plist-get props :exit-function)))
                    (funcall exit chosen 'finished))))
              t))
           (err (condition-case err (progn (completion-at-point) nil) (error err))))
      (e2e-check "completion-at-point after \"logs:Put offers logs:PutLogEvents"
                 (member "logs:PutLogEvents" candidates) (or err candidates))
      (e2e-check "its documentation (resolved) gives the access level, in plain text"
                 (and doc (string-search "Write" doc) (not (string-search "**" doc))) doc)
      (e2e-check "accepting it writes \"logs:PutLogEvents\" and the buffer parses as JSON"
                 (and (equal (string-trim (e2e-line-text 10)) "\"logs:PutLogEvents\"")
                      (not (e2e-json-ok)))
                 (list (e2e-line-text 10) (e2e-json-ok))))))

(let ((err (condition-case err (progn (e2e-run) nil) (error err))))
  (when err
    (e2e-check "test ran without a Lisp error" nil err)))
(when (and e2e-server (jsonrpc-running-p e2e-server))
  (let ((inhibit-message t))
    (ignore-errors (eglot-shutdown e2e-server))))
(dolist (b (buffer-list))
  (with-current-buffer b (set-buffer-modified-p nil)))
(delete-directory e2e-ws t)
(delete-directory package-user-dir t)
(e2e-out (format "emacs e2e: %d checks passed, %d failed" e2e-passes e2e-failures))
(kill-emacs (if (zerop e2e-failures) 0 1))

;;; e2e.el ends here
