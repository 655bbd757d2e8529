package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"tachawor/internal/auth"
	"tachawor/internal/domain"
	"tachawor/internal/store"
)

const userUsage = `usage:
  tachawor user create --email EMAIL --role admin|staff|regional [--region SLUG] [--name NAME]
      reads the password from the first line of standard input
  tachawor user password --email EMAIL
      sets a new password, read from the first line of standard input, and
      ends every session of the account
  tachawor user disable --email EMAIL
  tachawor user enable --email EMAIL`

// userCommand runs "tachawor user ...": creating the first administrator
// (and any account) from the command line, disabling or enabling one.
func userCommand(ctx context.Context, db *store.DB, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New(userUsage)
	}
	switch args[0] {
	case "create":
		return userCreate(ctx, db, args[1:], stdin, stdout)
	case "password":
		return userPassword(ctx, db, args[1:], stdin, stdout)
	case "disable", "enable":
		return userSetDisabled(ctx, db, args[0] == "disable", args[1:], stdout)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, userUsage)
		return nil
	}
	return fmt.Errorf("unknown user command %q\n%s", args[0], userUsage)
}

func newUserFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("tachawor user "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are returned, with the usage
	return fs
}

func userCreate(ctx context.Context, db *store.DB, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := newUserFlags("create")
	email := fs.String("email", "", "email address (the sign-in name)")
	role := fs.String("role", "", "admin, staff or regional")
	region := fs.String("region", "", "region slug (regional officials only)")
	name := fs.String("name", "", "display name")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w\n%s", err, userUsage)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q\n%s", fs.Arg(0), userUsage)
	}
	nu := domain.NewUser{Email: *email, DisplayName: *name, Role: domain.Role(*role)}.Normalize()
	switch {
	case nu.Email == "":
		return errors.New("--email is required")
	case !nu.Role.Valid():
		return fmt.Errorf("--role must be admin, staff or regional, not %q", *role)
	case nu.Role == domain.RoleRegional && *region == "":
		return errors.New("a regional official needs --region SLUG (see the regions below)\n" + userRegionList(ctx, db))
	case nu.Role != domain.RoleRegional && *region != "":
		return fmt.Errorf("--region is only for the regional role, not %s", nu.Role)
	}
	if *region != "" {
		r, err := db.Region(ctx, strings.TrimSpace(*region))
		if errors.Is(err, domain.ErrNotFound) {
			return fmt.Errorf("unknown region %q; the regions are:\n%s", *region, userRegionList(ctx, db))
		}
		if err != nil {
			return err
		}
		nu.RegionID = r.ID
	}
	if err := nu.Validate(); err != nil {
		return userError(err)
	}

	password, err := readUserPassword(stdin)
	if err != nil {
		return err
	}
	u, err := auth.NewAccounts(db).CreateUser(ctx, "", nu, password, 0)
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "created user %d: %s (%s)\n", u.ID, u.Email, u.Role)
	return nil
}

// readUserPassword reads the first line of stdin, without its line ending.
// Spaces are part of a password and are kept.
func readUserPassword(stdin io.Reader) (string, error) {
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("reading the password from standard input: %w", err)
	}
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if line == "" {
		return "", errors.New("no password: write it on the first line of standard input")
	}
	return line, nil
}

// userOfFlags reads the only flag of "tachawor user NAME --email EMAIL"
// and returns that account.
func userOfFlags(ctx context.Context, db *store.DB, name string, args []string) (domain.User, error) {
	fs := newUserFlags(name)
	email := fs.String("email", "", "email address of the account")
	if err := fs.Parse(args); err != nil {
		return domain.User{}, fmt.Errorf("%w\n%s", err, userUsage)
	}
	if fs.NArg() > 0 {
		return domain.User{}, fmt.Errorf("unexpected argument %q\n%s", fs.Arg(0), userUsage)
	}
	if strings.TrimSpace(*email) == "" {
		return domain.User{}, errors.New("--email is required")
	}
	u, err := db.UserByEmail(ctx, domain.NormalizeEmail(*email))
	if errors.Is(err, domain.ErrNotFound) {
		return domain.User{}, fmt.Errorf("no account has the address %q", *email)
	}
	return u, err
}

// userPassword sets an account's password from standard input (a lost
// password, a leaked one to rotate); every session of the account ends.
func userPassword(ctx context.Context, db *store.DB, args []string, stdin io.Reader, stdout io.Writer) error {
	u, err := userOfFlags(ctx, db, "password", args)
	if err != nil {
		return err
	}
	password, err := readUserPassword(stdin)
	if err != nil {
		return err
	}
	if err := auth.NewAccounts(db).SetPassword(ctx, u.ID, password, 0); err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "password set for user %d: %s; its sessions have ended\n", u.ID, u.Email)
	return nil
}

func userSetDisabled(ctx context.Context, db *store.DB, disabled bool, args []string, stdout io.Writer) error {
	verb := map[bool]string{true: "disable", false: "enable"}[disabled]
	u, err := userOfFlags(ctx, db, verb, args)
	if err != nil {
		return err
	}
	if _, err := db.SetDisabled(ctx, u.ID, disabled, 0); err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "%sd user %d: %s\n", verb, u.ID, u.Email)
	return nil
}

func userRegionList(ctx context.Context, db *store.DB) string {
	regions, err := db.Regions(ctx)
	if err != nil {
		return "  (the regions could not be read: " + err.Error() + ")"
	}
	var b strings.Builder
	for _, r := range regions {
		fmt.Fprintf(&b, "  %-28s %s\n", r.Slug, r.Name.FR)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// userMessages explains, in English for the operator, the domain errors the
// user commands meet; the browser shows the translated messages instead.
var userMessages = map[string]string{
	"password_too_short":    fmt.Sprintf("the password is too short: at least %d characters", auth.MinPasswordLength),
	"password_too_long":     fmt.Sprintf("the password is too long: at most %d characters", auth.MaxPasswordLength),
	"password_common":       "the password is one of the most common passwords; choose another",
	"password_is_email":     "the password must not be the email address",
	"email_required":        "--email is required",
	"email_invalid":         "the email address is not valid",
	"email_invisible":       "the email address holds an invisible or control character (a zero-width space, a direction mark ...): type it again",
	"email_mixed_scripts":   "the email address mixes letters of different alphabets (a Cyrillic \"а\" among Latin letters ...): type it in one alphabet",
	"email_taken":           "an account with this email address already exists",
	"display_name_too_long": fmt.Sprintf("the name is too long: at most %d characters", domain.MaxDisplayNameLength),
	"role_invalid":          "--role must be admin, staff or regional",
	"region_required":       "a regional official needs --region SLUG",
	"region_not_allowed":    "--region is only for the regional role",
	"region_unknown":        "unknown region",
	"last_admin":            "this is the last active administrator; enable or create another first",
}

// userError turns a domain error into an operator's message.
func userError(err error) error {
	var de *domain.Error
	if errors.As(err, &de) {
		if msg, ok := userMessages[de.MessageID]; ok {
			return errors.New(msg)
		}
	}
	return err
}
