;;; iam-policy-ls.el --- Eglot setup for iam-policy-ls, the AWS IAM policy language server  -*- lexical-binding: t; -*-

;; Tested with Emacs 28.2 and Eglot 1.9 (Debian bookworm: emacs-nox, elpa-eglot) by
;; editors/test.sh (editors/emacs/test/e2e.el).

;;; Commentary:

;; Put this file on the `load-path' and, in your init file:
;;
;;   (require 'iam-policy-ls)
;;   ;; only if the binary is not on `exec-path' (the PATH):
;;   ;; (setq iam-policy-ls-program "/path/to/iam-policy-ls")
;;
;; Then `M-x eglot' in a policy file.  Diagnostics show through Flymake, hover through ElDoc
;; (`M-x eldoc', or when point rests), completion with `completion-at-point' (C-M-i), quick
;; fixes with `M-x eglot-code-actions'.
;;
;; It adds one entry to `eglot-server-programs', in front, for the JSON major modes:
;; `js-json-mode' (Emacs 29+), `json-ts-mode', `json-mode' and `jsonc-mode' (packages), and on
;; Emacs 28, which opens .json files in `js-mode', `js-mode' itself.  Eglot runs one server
;; per buffer, so this server takes the place of a JSON server configured for those modes
;; (on Emacs 28, of typescript-language-server in `js-mode' buffers too).

;;; Code:

(defgroup iam-policy-ls nil
  "The iam-policy-ls language server for AWS IAM policies, with Eglot."
  :group 'eglot
  :prefix "iam-policy-ls-")

(defcustom iam-policy-ls-program "iam-policy-ls"
  "The server: a program name looked up in `exec-path', or a file name."
  :type 'string)

(defconst iam-policy-ls-modes
  `(,@(if (fboundp 'js-json-mode)
          '((js-json-mode :language-id "json"))
        ;; Emacs 28 has no JSON mode of its own: .json files open in js-mode.
        '((js-mode :language-id "json")))
    (json-ts-mode :language-id "json")
    (json-mode :language-id "json")
    (jsonc-mode :language-id "jsonc"))
  "Major modes that iam-policy-ls serves in Eglot, with their LSP language ids.")

(defun iam-policy-ls-contact (&optional _interactive)
  "The command Eglot runs: `iam-policy-ls-program' with `--stdio'."
  (list iam-policy-ls-program "--stdio"))

(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               (cons iam-policy-ls-modes #'iam-policy-ls-contact)))

(provide 'iam-policy-ls)
;;; iam-policy-ls.el ends here
