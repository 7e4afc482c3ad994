package dev.rotor.mysql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One line of {@code SHOW GRANTS} output, split into tokens the way the server's lexer reads it: backtick and
 * double-quoted identifiers, single-quoted strings, words and single-character symbols, with parentheses tracked.
 * This is what lets Rotor find the grantee of a line exactly (a user name may contain {@code " TO "}, quotes or
 * backslashes), replace it with another account, drop an {@code IDENTIFIED BY PASSWORD} clause, and compute the
 * statements that undo the line.
 *
 * <p>Lines may hold password hashes (MariaDB prints them): neither the text nor any token ever reaches a message.
 */
final class GrantStatement {
    /** The kinds of line Rotor copies. */
    enum Kind {
        /** {@code GRANT privileges ON object TO account ...}. */
        PRIVILEGES,
        /** {@code GRANT role, ... TO account ...}. */
        ROLES,
        /** {@code REVOKE privileges ON object FROM account} (MySQL's partial revokes). */
        PARTIAL_REVOKE,
        /** {@code SET DEFAULT ROLE ... FOR account} (MariaDB prints it; Rotor copies default roles separately). */
        DEFAULT_ROLE
    }

    private enum TokenKind { WORD, IDENTIFIER, STRING, SYMBOL }

    private record Token(TokenKind kind, String text, String space, int depth) {
        boolean is(String word) {
            return kind == TokenKind.WORD && text.equalsIgnoreCase(word);
        }

        boolean isSymbol(char symbol) {
            return kind == TokenKind.SYMBOL && text.charAt(0) == symbol;
        }

        boolean isName() {
            return kind == TokenKind.IDENTIFIER || kind == TokenKind.STRING || kind == TokenKind.WORD;
        }

        String value() {
            return switch (kind) {
                case IDENTIFIER -> {
                    char quote = text.charAt(0);
                    yield text.substring(1, text.length() - 1).replace(String.valueOf(quote) + quote,
                            String.valueOf(quote));
                }
                case STRING -> unescapeString(text.substring(1, text.length() - 1));
                default -> text;
            };
        }

        String canonical() {
            return kind == TokenKind.WORD ? text.toUpperCase(Locale.ROOT) : text;
        }
    }

    private final List<Token> tokens;
    private final Kind kind;

    private GrantStatement(List<Token> tokens) {
        this.tokens = tokens;
        this.kind = kindOf(tokens);
    }

    /**
     * Reads a line.
     *
     * @throws IllegalArgumentException when the line is not one of the {@link Kind}s or cannot be tokenized; the
     *     message never quotes the line
     */
    static GrantStatement parse(String line) {
        return new GrantStatement(tokenize(line));
    }

    Kind kind() {
        return kind;
    }

    /** The grantee of the line. */
    MySqlAccount grantee() {
        int at = granteeIndex();
        return accountAt(at);
    }

    /**
     * This line for another account: the grantee replaced, any {@code IDENTIFIED ...} clause (a password hash), any
     * {@code REQUIRE ...} clause and any resource limit ({@code WITH MAX_...}) removed, so that only privileges and
     * {@code WITH GRANT OPTION} / {@code WITH ADMIN OPTION} remain. MariaDB prints an account's TLS requirement and
     * limits in its first {@code SHOW GRANTS} line; Rotor copies those from the grant tables instead
     * ({@link AccountAttributes}), where a later change on the source can also be undone on the copy.
     *
     * @throws IllegalArgumentException when the line's grantee is not {@code expected}, or when an option after
     *     {@code WITH} is not one Rotor knows
     */
    GrantStatement forGrantee(MySqlAccount expected, MySqlAccount replacement) {
        int at = granteeIndex();
        MySqlAccount found = accountAt(at);
        if (!found.sameAs(expected)) {
            throw new IllegalArgumentException("a SHOW GRANTS line names another grantee than " + expected);
        }
        List<Token> result = new ArrayList<>(tokens.subList(0, at));
        result.add(new Token(TokenKind.IDENTIFIER, replacement.sql(), " ", 0));
        List<Token> rest = tokens.subList(at + accountLength(at), tokens.size());
        int i = 0;
        while (i < rest.size() && !(rest.get(i).depth() == 0 && rest.get(i).is("WITH"))) {
            Token token = rest.get(i);
            if (token.depth() == 0 && (token.is("IDENTIFIED") || token.is("REQUIRE"))) {
                // a password hash, or the TLS requirement: skipped up to WITH (strings and names are single tokens)
                while (i < rest.size() && !(rest.get(i).depth() == 0 && rest.get(i).is("WITH"))) {
                    i++;
                }
                break;
            }
            result.add(token);
            i++;
        }
        if (i < rest.size()) {
            Token with = rest.get(i++);
            List<Token> options = new ArrayList<>();
            while (i < rest.size()) {
                Token token = rest.get(i);
                if (i + 1 < rest.size() && (token.is("GRANT") || token.is("ADMIN")) && rest.get(i + 1).is("OPTION")) {
                    options.add(token);
                    options.add(rest.get(i + 1));
                    i += 2;
                } else if (token.kind() == TokenKind.WORD && token.text().toUpperCase(Locale.ROOT).startsWith("MAX_")) {
                    i = skipNumber(rest, i + 1);
                } else {
                    throw new IllegalArgumentException("a SHOW GRANTS line has an unexpected option after WITH");
                }
            }
            if (!options.isEmpty()) {
                result.add(with);
                result.addAll(options);
            }
        }
        return new GrantStatement(result);
    }

    /** The index after a number ({@code 10}, {@code -1}, {@code 2.500000}) that starts at {@code from}. */
    private static int skipNumber(List<Token> tokens, int from) {
        int i = from;
        if (i < tokens.size() && tokens.get(i).isSymbol('-')) {
            i++;
        }
        if (i >= tokens.size() || !isDigits(tokens.get(i))) {
            throw new IllegalArgumentException("a SHOW GRANTS line has a resource limit without a number");
        }
        i++;
        if (i + 1 < tokens.size() && tokens.get(i).isSymbol('.') && tokens.get(i).space().isEmpty()
                && isDigits(tokens.get(i + 1)) && tokens.get(i + 1).space().isEmpty()) {
            i += 2;
        }
        return i;
    }

    private static boolean isDigits(Token token) {
        return token.kind() == TokenKind.WORD && token.text().chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** The statement text, ready to execute. */
    String sql() {
        StringBuilder sql = new StringBuilder();
        for (Token token : tokens) {
            sql.append(sql.length() == 0 ? "" : token.space()).append(token.text());
        }
        return sql.toString();
    }

    /** A form for comparing two lines: words upper-cased, spacing normalized. */
    String canonical() {
        return tokens.stream().map(Token::canonical).collect(Collectors.joining(" "));
    }

    /** The statements that undo this line for its grantee. */
    List<String> inverse() {
        int at = granteeIndex();
        String grantee = render(at, at + accountLength(at));
        return switch (kind) {
            case ROLES -> List.of("REVOKE " + render(1, at - 1) + " FROM " + grantee);
            case PARTIAL_REVOKE -> {
                int on = topLevel("ON", 1);
                yield List.of("GRANT " + render(1, on) + " ON " + render(on + 1, at - 1) + " TO " + grantee);
            }
            case PRIVILEGES -> {
                int on = topLevel("ON", 1);
                String privileges = render(1, on);
                String object = render(on + 1, at - 1);
                List<String> undo = new ArrayList<>();
                if (on == 2 && tokens.get(1).is("PROXY")) {
                    undo.add("REVOKE PROXY ON " + object + " FROM " + grantee);
                    yield undo;
                }
                if (!(on == 2 && tokens.get(1).is("USAGE"))) {
                    undo.add("REVOKE " + privileges + " ON " + object + " FROM " + grantee);
                }
                if (hasGrantOption(at + accountLength(at))) {
                    undo.add("REVOKE GRANT OPTION ON " + object + " FROM " + grantee);
                }
                yield undo;
            }
            case DEFAULT_ROLE -> List.of();
        };
    }

    private boolean hasGrantOption(int from) {
        for (int i = from; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).is("GRANT") && tokens.get(i + 1).is("OPTION")) {
                return true;
            }
        }
        return false;
    }

    private int granteeIndex() {
        int keyword = switch (kind) {
            case PRIVILEGES -> topLevel("TO", topLevel("ON", 1));
            case ROLES -> topLevel("TO", 1);
            case PARTIAL_REVOKE -> topLevel("FROM", topLevel("ON", 1));
            case DEFAULT_ROLE -> Math.max(topLevel("FOR", 3), topLevel("TO", 3));
        };
        if (keyword < 0 || keyword + 1 >= tokens.size() || !tokens.get(keyword + 1).isName()) {
            throw new IllegalArgumentException("a SHOW GRANTS line has no grantee where one is expected");
        }
        return keyword + 1;
    }

    private int accountLength(int at) {
        return at + 2 < tokens.size() && tokens.get(at + 1).isSymbol('@') && tokens.get(at + 2).isName() ? 3 : 1;
    }

    private MySqlAccount accountAt(int at) {
        String user = tokens.get(at).value();
        String host = accountLength(at) == 3 ? tokens.get(at + 2).value() : "%";
        return new MySqlAccount(user, host);
    }

    private int topLevel(String word, int from) {
        if (from < 0) {
            return -1;
        }
        for (int i = from; i < tokens.size(); i++) {
            if (tokens.get(i).depth() == 0 && tokens.get(i).is(word)) {
                return i;
            }
        }
        return -1;
    }

    private String render(int from, int to) {
        StringBuilder sql = new StringBuilder();
        for (Token token : tokens.subList(from, to)) {
            sql.append(sql.length() == 0 ? "" : token.space()).append(token.text());
        }
        return sql.toString();
    }

    private static Kind kindOf(List<Token> tokens) {
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("a SHOW GRANTS line is empty");
        }
        Token first = tokens.get(0);
        if (first.is("GRANT")) {
            int on = -1;
            int to = -1;
            for (int i = 1; i < tokens.size() && to < 0; i++) {
                Token token = tokens.get(i);
                if (token.depth() == 0 && token.is("ON") && on < 0) {
                    on = i;
                } else if (token.depth() == 0 && token.is("TO")) {
                    to = i;
                }
            }
            if (to < 0) {
                throw new IllegalArgumentException("a GRANT line of SHOW GRANTS has no TO");
            }
            return on > 0 && on < to ? Kind.PRIVILEGES : Kind.ROLES;
        }
        if (first.is("REVOKE")) {
            return Kind.PARTIAL_REVOKE;
        }
        if (first.is("SET") && tokens.size() > 3 && tokens.get(1).is("DEFAULT") && tokens.get(2).is("ROLE")) {
            return Kind.DEFAULT_ROLE;
        }
        throw new IllegalArgumentException("a SHOW GRANTS line starts with an unexpected keyword");
    }

    private static List<Token> tokenize(String line) {
        List<Token> tokens = new ArrayList<>();
        int depth = 0;
        int i = 0;
        int n = line.length();
        while (i < n) {
            int start = i;
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            String space = line.substring(start, i);
            if (i >= n) {
                break;
            }
            char c = line.charAt(i);
            int end;
            TokenKind kind;
            if (c == '`' || c == '"') {
                end = closingQuote(line, i, c, false);
                kind = TokenKind.IDENTIFIER;
            } else if (c == '\'') {
                end = closingQuote(line, i, c, true);
                kind = TokenKind.STRING;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
                end = i + 1;
                while (end < n && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_'
                        || line.charAt(end) == '$')) {
                    end++;
                }
                kind = TokenKind.WORD;
            } else {
                end = i + 1;
                kind = TokenKind.SYMBOL;
            }
            if (c == ')') {
                depth--;
            }
            tokens.add(new Token(kind, line.substring(i, end), space.isEmpty() ? "" : " ", depth));
            if (c == '(') {
                depth++;
            }
            i = end;
        }
        if (depth != 0) {
            throw new IllegalArgumentException("a SHOW GRANTS line has unbalanced parentheses");
        }
        return tokens;
    }

    /** The index after the closing quote. */
    private static int closingQuote(String line, int open, char quote, boolean backslashEscapes) {
        int i = open + 1;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < line.length() && line.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException("a SHOW GRANTS line has an unterminated quoted name");
    }

    private static String unescapeString(String body) {
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char next = body.charAt(++i);
                value.append(switch (next) {
                    case '0' -> '\0';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'Z' -> (char) 26;
                    default -> next;
                });
            } else if (c == '\'' && i + 1 < body.length() && body.charAt(i + 1) == '\'') {
                value.append('\'');
                i++;
            } else {
                value.append(c);
            }
        }
        return value.toString();
    }

    /** Names the kind only: the line itself may hold a password hash. */
    @Override
    public String toString() {
        return "GrantStatement[" + kind + "]";
    }
}
