package i18n

// cmdEN holds what both programs' command lines share (cobra's headings,
// usage errors, help and completion) and the console's own reports and
// refusals (package cmd/guichet).
var cmdEN = map[string]string{
	"cli.usage.heading":             "Usage:",
	"cli.usage.command_placeholder": "[command]",
	"cli.usage.flags_placeholder":   "[flags]",
	"cli.usage.aliases":             "Aliases:",
	"cli.usage.examples":            "Examples:",
	"cli.usage.commands":            "Available Commands:",
	"cli.usage.flags":               "Flags:",
	"cli.usage.global_flags":        "Global Flags:",
	"cli.usage.more":                `Use "%s [command] --help" for more information about a command.`,
	"cli.usage.default":             "default",
	"cli.usage.args":                "expects %d argument(s), got %d (usage: %s)",
	"cli.usage.arg_count":           "expects %d argument(s), got %d",
	"cli.usage.no_args":             "%s takes no argument (got %q)",
	"cli.usage.unknown_command":     "unknown command %q for %q",
	"cli.usage.unknown_flag":        "unknown flag: %s",
	"cli.usage.flag_needs_value":    "flag needs an argument: %s",
	"cli.usage.flag_invalid":        "invalid argument %q for %s: %s expected",
	"cli.usage.flag_syntax":         "bad flag syntax: %s",
	"cli.usage.kind.integer":        "a whole number",
	"cli.usage.kind.duration":       "a duration such as 30s, 5m or 1h",
	"cli.usage.kind.bool":           "true or false",
	"cli.usage.required":            "%s is required",
	"cli.usage.members":             "--members must be at least 1",
	"cli.usage.no_password_stdin":   "no password on standard input",
	"cli.usage.new_password_source": "the new password must come from --password-stdin or a terminal",
	"cli.usage.passwords_differ":    "the two passwords differ",
	"cli.prompt.new_password":       "New password:",
	"cli.prompt.new_password_again": "New password again:",

	"cli.flag.help":               "help for %s",
	"cli.flag.version":            "version for %s",
	"cli.flag.json":               "print data as JSON",
	"cli.flag.man_dir":            "folder to write the pages into (created if absent)",
	"cli.flag.no_descriptions":    "disable completion descriptions",
	"cli.flag.new_password_stdin": "read the new password from standard input",
	"cli.flag.user_role":          "agent, supervisor or admin",
	"cli.flag.branch_name":        "branch name (required)",
	"cli.flag.branch_city":        "city (required)",
	"cli.flag.branch_region":      "region (required)",
	"cli.flag.demo_members":       "number of insured members",
	"cli.flag.demo_seed":          "random seed: the same seed and size give the same data",
	"cli.flag.backup_to":          "the new file to write (refused if it exists)",
	"cli.flag.restore_from":       "the backup to restore",

	"cli.help.help":       "Help about any command",
	"cli.help.help.long":  "help shows the help of any command: %s help [path to command].",
	"cli.help.man":        "Write the manual pages (section 1) of every command into a folder",
	"cli.help.completion": "Generate the autocompletion script for the specified shell",
	"cli.help.completion.long": "Generate the autocompletion script for %s for the specified shell.\n" +
		"See each sub-command's help for details on how to use the generated script.",
	"cli.help.completion.shell": "Generate the autocompletion script for %s",
	"cli.help.completion.bash": "Generate the autocompletion script for the bash shell.\n\n" +
		"This script depends on the 'bash-completion' package.\n\n" +
		"To load completions in your current shell session:\n\n\tsource <(%[1]s completion bash)\n\n" +
		"To load completions for every new session, execute once:\n\n" +
		"\t%[1]s completion bash > /etc/bash_completion.d/%[1]s\n\n" +
		"You will need to start a new shell for this setup to take effect.",
	"cli.help.completion.zsh": "Generate the autocompletion script for the zsh shell.\n\n" +
		"If shell completion is not already enabled in your environment you will need to enable it.\n" +
		"You can execute the following once:\n\n\techo \"autoload -U compinit; compinit\" >> ~/.zshrc\n\n" +
		"To load completions in your current shell session:\n\n\tsource <(%[1]s completion zsh)\n\n" +
		"To load completions for every new session, execute once:\n\n" +
		"\t%[1]s completion zsh > \"${fpath[1]}/_%[1]s\"\n\n" +
		"You will need to start a new shell for this setup to take effect.",
	"cli.help.completion.fish": "Generate the autocompletion script for the fish shell.\n\n" +
		"To load completions in your current shell session:\n\n\t%[1]s completion fish | source\n\n" +
		"To load completions for every new session, execute once:\n\n" +
		"\t%[1]s completion fish > ~/.config/fish/completions/%[1]s.fish\n\n" +
		"You will need to start a new shell for this setup to take effect.",
	"cli.help.completion.powershell": "Generate the autocompletion script for powershell.\n\n" +
		"To load completions in your current shell session:\n\n" +
		"\t%[1]s completion powershell | Out-String | Invoke-Expression\n\n" +
		"To load completions for every new session, add the output of the above command\n" +
		"to your powershell profile.",

	"cli.usage.user_required":         "--user NAME is required",
	"cli.usage.no_password":           "no password for --user: use --password-stdin or GUICHET_PASSWORD",
	"cli.usage.no_password_env":       "no password for --user: set GUICHET_PASSWORD (standard input carries the new password)",
	"cli.usage.from_json_replaces":    "--from-json replaces %s: give the address and evidence one way",
	"cli.usage.reject_reason":         "reject needs --reason TEXT",
	"cli.usage.list_limit":            "--limit must be from 1 to %d",
	"cli.usage.state":                 "--state must be pending, approved, rejected or cancelled",
	"cli.usage.override_reason_alone": "--override-reason goes with --override-by USER",
	"cli.usage.override_password":     "--override-by needs that user's password in %s",
	"cli.usage.format_csv":            "--format must be csv",
	"cli.usage.export_days":           "export needs --from YYYY-MM-DD and --to YYYY-MM-DD",
	"cli.usage.day":                   "%s must be a date as YYYY-MM-DD",
	"cli.usage.to_before_from":        "--to must not be before --from",
	"cli.usage.channel":               "reissue needs --channel post, counter or email",
	"cli.usage.provision":             "--central URL and --token-file FILE are required",
	"cli.prompt.password_for":         "Password for %s:",

	"cli.audit.exit_broken":       "the audit chain is broken",
	"cli.backup.exists":           "%s already exists: a backup never overwrites a file",
	"cli.restore.exists":          "%s already exists: a restore never overwrites a database (--force moves it aside first)",
	"cli.branches.added":          "Added branch %s.",
	"cli.branches.header":         "CODE\tNAME\tCITY\tREGION",
	"cli.init.done":               "Initialised %s with admin %s.",
	"cli.passwd.done":             "Password changed for %s.",
	"cli.users.added":             "Added %s (%s).",
	"cli.users.disabled":          "Disabled %s.",
	"cli.users.unlocked":          "Unlocked %s on this device.",
	"cli.users.reset":             "Reset the password of %s: they must change it at their next sign-in.",
	"cli.users.header":            "USERNAME\tNAME\tROLE\tBRANCH\tSTATE",
	"cli.users.state.active":      "active",
	"cli.users.state.disabled":    "disabled",
	"cli.users.state.locked":      "locked",
	"cli.users.state.must_change": "must change password",
	"cli.members.ambiguous":       "several members match: use the registration number",
	"cli.demo.kept_aside":         "The demo console's database no longer matches the demo centre: kept as %s, making a new one.",
	"cli.demo.provisioning":       "provisioning the demo console",
	"cli.demo.ready":              "Demo database %s ready in %s.",
	"cli.demo.seeding":            "Seeding demo members %s %d/%d",
	"cli.provision.done":          "Provisioned %s as device %d (%s) of branch %s from %s: %d items pulled.",
	"cli.provision.pulling":       "Pulling the branch from the centre %s %d items",
	"cli.provision.pulled":        "Pulled %d items from the centre (%d %%).",
	"cli.token.not_regular":       "%s: not a regular file",
	"cli.token.readable":          "%[1]s: readable by anyone: the token grants the branch's data (chmod 600 %[1]s)",
	"cli.token.too_large":         "%s: too large for a device token",
	"cli.sync.set_aside":          "the centre set entries aside in this pass: a supervisor sees them on the Sync screen",
	"cli.sync.failed":             "sync failed: %s",
	"cli.sync.pushed":             "Pushed %d entries: %d applied, %d duplicate, %d set aside, %d deferred; %d scans uploaded.",
	"cli.sync.audit":              "Audit chain held by the centre through entry %d.",
	"cli.sync.audit_broken":       "The centre found this device's audit chain BROKEN at entry %d (%s).",
	"cli.sync.pulled":             "Pulled %d items (%d kept aside behind local changes, %d adopted).",
	"cli.sync.forgotten":          "Forgot %d members of other branches no change needs any more.",
	"cli.sync.queue":              "Queue: %d pending, %d set aside.",
}
