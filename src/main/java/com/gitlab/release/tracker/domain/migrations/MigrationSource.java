package com.gitlab.release.tracker.domain.migrations;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A post-migration's Ruby source as the rules read it, made in a few passes over its text, each linear in its length
 * (the file is a repository's, so anyone's text): the code without comments and without its {@code down} method
 * (which undoes {@code up}, and runs only when the migration itself is rolled back by hand), the body of each
 * heredoc ({@code execute <<~SQL}) kept as one string, the constants ({@code TABLE_NAME = :users}), the models it
 * defines ({@code class Event < ActiveRecord::Base} with {@code self.table_name = 'events'}), the methods it defines,
 * its local variables, and every method call with its arguments. Not a Ruby parser: it reads what GitLab's
 * migrations are made of, and what it cannot place is left to the rules to call unknown.
 */
final class MigrationSource {

    /** The kinds of token: names, constants, symbols, strings, numbers, {@code key:} labels, punctuation, line ends. */
    enum Kind {
        IDENT, CONST, SYMBOL, STRING, NUMBER, LABEL, PUNCT, NEWLINE
    }

    record Token(Kind kind, String text) {

        boolean is(String punctuation) {
            return kind == Kind.PUNCT && text.equals(punctuation);
        }

        boolean isWord(String word) {
            return kind == Kind.IDENT && text.equals(word);
        }
    }

    /**
     * A method call: {@code receiver} is null for a bare call ({@code remove_column ...}), else the constant or the
     * name it was called on ({@code Event}, {@code relation}, {@code connection}); its arguments start at token
     * {@code first} ({@link #arguments}).
     */
    record Call(String receiver, String name, int first) {
    }

    /** Tokens of one call's arguments read at most: a long statement says no more about what it does. */
    static final int ARGUMENT_TOKENS = 400;
    /** Calls read at most: a migration of more says no more than that it cannot be judged. */
    static final int MAX_CALLS = 2_000;
    /**
     * Values one constant may stand for, and all constants of a file together: constants built of constants
     * ({@code B = [A, A]}) multiply, and past these a file is judged by what it does not show.
     */
    static final int CONSTANT_VALUES = 1_000;
    static final int ALL_CONSTANT_VALUES = 20_000;
    /** Doubts kept at most: one is enough to make the file unknown, a few say why. */
    static final int MAX_DOUBTS = 5;
    /** Marks a string literal's place in the code (the character, its number among the literals, the character). */
    private static final char STRING_MARK = '\u0001';
    /** Marks a symbol's place in the code ({@code :"name"}, an item of {@code %i[]}). */
    private static final char SYMBOL_MARK = '\u0002';
    private static final Set<String> KEYWORDS = Set.of("def", "end", "do", "if", "unless", "else", "elsif", "then", "return",
            "next", "break", "while", "until", "for", "in", "and", "or", "not", "begin", "rescue", "ensure", "yield", "self",
            "nil", "true", "false", "class", "module", "super", "case", "when", "redo", "retry", "defined?", "alias", "undef");

    private final List<Token> tokens;
    private final List<String> doubts;
    private int constantValues;
    private final Map<String, List<String>> constants = new HashMap<>();
    private final Map<String, String> models = new HashMap<>();
    /** Block parameters that are a model's rows, a batch at a time, and that model's table. */
    private final Map<String, String> batches = new HashMap<>();
    private final Set<String> methods = new HashSet<>();
    private final Set<String> locals = new HashSet<>();
    private final List<Call> calls = new ArrayList<>();
    private boolean tooManyCalls;

    private MigrationSource(List<Token> tokens, List<String> doubts) {
        this.tokens = tokens;
        this.doubts = doubts;
        readDefinitions();
        readCalls();
    }

    static MigrationSource read(String text) {
        Lexer lexer = new Lexer(text);
        String code = codeOutsideDown(lexer.lines, lexer.doubts);
        return new MigrationSource(tokenize(code, lexer.literals), lexer.doubts);
    }

    /**
     * What the scanner could not read with certainty ({@code __END__}, a {@code ?} or {@code /} Ruby reads by its
     * locals, a {@code down} that closes elsewhere than its indentation says, constants that expand past their
     * bound, a call that acts inside a string's {@code #{...}}): each makes the file unknown.
     */
    List<String> doubts() {
        return doubts;
    }

    List<Call> calls() {
        return calls;
    }

    /** Whether the code holds more than {@value #MAX_CALLS} calls (only the first are read). */
    boolean tooManyCalls() {
        return tooManyCalls;
    }

    /** A constant's value: its symbol or string, or the items of its array ({@code %i[a b]}, {@code [:a, :b]}). */
    List<String> constant(String name) {
        return constants.get(name);
    }

    /**
     * The table of a model the file defines ({@code self.table_name}, else the model's name), or of the batches of
     * rows a block is handed ({@code each_batch do |relation|}); null for anything else.
     */
    String model(String name) {
        String table = models.get(name);
        return table != null ? table : batches.get(name);
    }

    boolean definesMethod(String name) {
        return methods.contains(name);
    }

    boolean isLocal(String name) {
        return locals.contains(name);
    }

    static boolean isKeyword(String word) {
        return KEYWORDS.contains(word);
    }

    // ---- lines: comments, literals, heredocs, the down method ------------------------------------------------

    /** A logical line of code: its indentation (of its first physical line) and its code, literals marked. */
    private record Line(int indent, String code) {
    }

    /**
     * The code without its {@code down} method: from {@code def down} to the {@code end} at its indentation, checked
     * against the keywords between (a {@code down} that closes elsewhere than its indentation says, or code on the
     * lines that open or close it, is a doubt: Ruby does not read indentation).
     */
    private static String codeOutsideDown(List<Line> lines, List<String> doubts) {
        StringBuilder code = new StringBuilder();
        int downIndent = -1;
        int balance = 0;
        for (Line line : lines) {
            String trimmed = line.code().strip();
            if (downIndent >= 0) {
                boolean closing = line.indent() <= downIndent && (startsWithWord(trimmed, "end") || startsWithWord(trimmed, "def"));
                if (closing && startsWithWord(trimmed, "def")) {
                    doubt(doubts, "a def at the indentation of down before down's end");
                    downIndent = -1;
                } else {
                    int after = Blocks.balance(trimmed, balance);
                    if (closing) {
                        downIndent = -1;
                        if (after != 0 || !trimmed.equals("end")) {
                            doubt(doubts, "down ends elsewhere than its indentation says");
                        }
                        continue;
                    }
                    if (after <= 0) {
                        doubt(doubts, "down ends elsewhere than its indentation says");
                    }
                    balance = after;
                    continue;
                }
            }
            if (isDownDefinition(trimmed)) {
                int after = Blocks.balance(trimmed, 0);
                if (endless(trimmed)) {
                    if (trimmed.indexOf(';') >= 0) {
                        doubt(doubts, "code after a one-line down");
                    }
                } else if (after == 0) {
                    if (!trimmed.endsWith("end")) {
                        doubt(doubts, "code after a one-line down");
                    }
                } else if (after == 1) {
                    downIndent = line.indent();
                    balance = 1;
                } else {
                    doubt(doubts, "down's line opens or closes more than down");
                    downIndent = line.indent();
                    balance = Math.max(after, 1);
                }
                continue;
            }
            code.append(line.code()).append('\n');
        }
        return code.toString();
    }

    private static boolean isDownDefinition(String trimmed) {
        for (String definition : List.of("def down", "def self.down")) {
            if (trimmed.startsWith(definition)) {
                String rest = trimmed.substring(definition.length());
                return rest.isEmpty() || rest.charAt(0) == ' ' || rest.charAt(0) == ';' || rest.charAt(0) == '(' || rest.charAt(0) == '=';
            }
        }
        return false;
    }

    /** {@code def down = nil}, {@code def down() = nil}: an endless method, the whole of it on its line. */
    private static boolean endless(String trimmed) {
        int i = trimmed.indexOf("down") + 4;
        while (i < trimmed.length() && trimmed.charAt(i) == ' ') {
            i++;
        }
        if (trimmed.startsWith("()", i)) {
            i += 2;
            while (i < trimmed.length() && trimmed.charAt(i) == ' ') {
                i++;
            }
        }
        return i < trimmed.length() && trimmed.charAt(i) == '=' && (i + 1 >= trimmed.length() || trimmed.charAt(i + 1) != '=');
    }

    /**
     * How many blocks stay open after a line of code (literals already out): {@code def}, {@code class},
     * {@code module}, {@code begin}, {@code case}, {@code do}, and {@code if}/{@code unless}/{@code while}/{@code until}
     * where a statement starts, each closed by an {@code end}. By words, in one scan.
     */
    private static final class Blocks {

        private static final Set<String> OPENERS = Set.of("def", "class", "module", "begin", "case", "do");
        private static final Set<String> STATEMENT_OPENERS = Set.of("if", "unless", "while", "until", "for");

        static int balance(String code, int open) {
            boolean statementStart = true;
            boolean loopAwaitsDo = false;
            int i = 0;
            while (i < code.length()) {
                char c = code.charAt(i);
                if (isNameChar(c) && !Character.isDigit(c)) {
                    int j = i;
                    while (j < code.length() && isNameChar(code.charAt(j))) {
                        j++;
                    }
                    String word = code.substring(i, j);
                    boolean attribute = i > 0 && code.charAt(i - 1) == '.';
                    boolean label = j < code.length() && code.charAt(j) == ':' && (j + 1 >= code.length() || code.charAt(j + 1) != ':');
                    if (!attribute && !label) {
                        if (word.equals("end")) {
                            open--;
                        } else if (word.equals("do") && loopAwaitsDo) {
                            loopAwaitsDo = false;
                        } else if (OPENERS.contains(word) && !(word.equals("def") && endlessAt(code, j))) {
                            open++;
                        } else if (STATEMENT_OPENERS.contains(word) && statementStart) {
                            open++;
                            loopAwaitsDo = !word.equals("if") && !word.equals("unless");
                        }
                    }
                    statementStart = word.equals("then") || word.equals("else") || word.equals("do") || word.equals("begin");
                    i = j;
                    continue;
                }
                if (c == ';' || c == '(' || c == '=' || c == ',' || c == '[' || c == '{' || c == '|' || c == '&') {
                    statementStart = true;
                    if (c == ';') {
                        loopAwaitsDo = false;
                    }
                } else if (c != ' ' && c != '\t') {
                    statementStart = false;
                }
                i++;
            }
            return open;
        }

        /** Whether the {@code def} ending at {@code after} is an endless method ({@code def x = 1}, {@code def x(a) = a}). */
        private static boolean endlessAt(String code, int after) {
            int depth = 0;
            for (int i = after; i < code.length(); i++) {
                char c = code.charAt(i);
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if (depth == 0 && c == '=') {
                    return i + 1 >= code.length() || code.charAt(i + 1) != '=';
                } else if (depth == 0 && (c == ';' || c == '\n')) {
                    return false;
                }
            }
            return false;
        }
    }

    private static boolean startsWithWord(String text, String word) {
        return text.startsWith(word) && (text.length() == word.length() || !isNameChar(text.charAt(word.length())));
    }

    private static int indentOf(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** A doubt, once, among the first few: what the scanner could not read with certainty. */
    private static void doubt(List<String> doubts, String doubt) {
        if (doubts.size() < MAX_DOUBTS && !doubts.contains(doubt)) {
            doubts.add(doubt);
        }
    }

    /**
     * Where the heredoc opener at {@code i} ends ({@code <<~SQL}, {@code <<-EOF}, {@code <<SQL}, quoted ids too), or
     * 0 when none starts there. {@code jobs << x} is no heredoc: the id must follow at once (and, after a plain
     * {@code <<}, be upper case).
     */
    private static int heredocAt(String line, int i) {
        if (!line.startsWith("<<", i)) {
            return 0;
        }
        int j = i + 2;
        boolean plain = true;
        if (j < line.length() && (line.charAt(j) == '~' || line.charAt(j) == '-')) {
            j++;
            plain = false;
        }
        char quote = j < line.length() && (line.charAt(j) == '\'' || line.charAt(j) == '"' || line.charAt(j) == '`') ? line.charAt(j) : 0;
        if (quote != 0) {
            j++;
        }
        int idStart = j;
        while (j < line.length() && isNameChar(line.charAt(j))) {
            j++;
        }
        if (j == idStart || Character.isDigit(line.charAt(idStart)) || plain && !Character.isUpperCase(line.charAt(idStart))) {
            return 0;
        }
        if (quote != 0) {
            if (j >= line.length() || line.charAt(j) != quote) {
                return 0;
            }
            j++;
        }
        return j;
    }

    static boolean isNameChar(char c) {
        return c == '_' || c < 128 && Character.isLetterOrDigit(c);
    }

    /** Where a {@code ?}, {@code /} or {@code %} stands: where a value starts, after one, or where Ruby looks at its locals. */
    private enum Position {
        OPERAND, OPERATOR, AMBIGUOUS
    }

    /**
     * One scan over the text, line by line, carrying what is open across line ends: comments dropped,
     * {@code =begin}/{@code =end} dropped, every literal (strings, heredocs, regular expressions, character literals,
     * {@code %} literals, symbols in quotes) taken out and its place marked, so that nothing in a literal is read as
     * code and no code is read as a literal's. Where Ruby would decide by what it knows of local variables, or by
     * more than this scanner reads, it records a doubt and goes on.
     */
    private static final class Lexer {

        private static final Set<String> OPERAND_KEYWORDS = Set.of("if", "unless", "while", "until", "and", "or", "not",
                "return", "when", "in", "then", "else", "elsif", "do", "case", "yield", "begin", "rescue", "ensure", "break", "next");

        final List<String> literals = new ArrayList<>();
        final List<String> doubts = new ArrayList<>();
        final List<Line> lines = new ArrayList<>();
        private StringBuilder code = new StringBuilder();
        private int indent;
        private Literal literal;
        private final Deque<Heredoc> pending = new ArrayDeque<>();

        /** A heredoc waiting for its body: its terminator, its place among the literals, whether it interpolates. */
        private record Heredoc(String terminator, int index, boolean interpolates) {
        }

        /** A literal being read, perhaps over several lines. */
        private static final class Literal {
            final char open;
            final char close;
            final boolean interpolates;
            final char kind;
            final StringBuilder text = new StringBuilder();
            final StringBuilder interpolated = new StringBuilder();
            int nesting;
            int interpolation;
            char nestedQuote;

            /** {@code kind}: 's' string, 'y' symbol, 'w' words, 'i' symbols, 'r' regular expression. */
            Literal(char open, char close, boolean interpolates, char kind) {
                this.open = open;
                this.close = close;
                this.interpolates = interpolates;
                this.kind = kind;
            }
        }

        Lexer(String text) {
            Heredoc heredoc = null;
            StringBuilder body = null;
            boolean blockComment = false;
            int start = 0;
            while (start <= text.length()) {
                int end = text.indexOf('\n', start);
                if (end < 0) {
                    end = text.length();
                }
                String line = text.substring(start, end);
                start = end + 1;
                if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
                    line = line.substring(0, line.length() - 1);
                }
                if (heredoc != null) {
                    if (line.strip().equals(heredoc.terminator())) {
                        finishHeredoc(heredoc, body);
                        heredoc = pending.poll();
                        body = new StringBuilder();
                    } else {
                        body.append(line).append('\n');
                    }
                    continue;
                }
                boolean lineStart = literal == null && code.length() == 0;
                if (lineStart) {
                    if (blockComment) {
                        blockComment = !line.startsWith("=end");
                        continue;
                    }
                    if (line.startsWith("=begin")) {
                        blockComment = true;
                        continue;
                    }
                    if (line.equals("__END__")) {
                        doubt(doubts, "__END__: what follows is data the code may read");
                        break;
                    }
                    indent = indentOf(line);
                }
                scan(line);
                if (literal != null) {
                    literal.text.append('\n');
                    if (literal.interpolation > 0) {
                        literal.interpolated.append('\n');
                    }
                    if (!pending.isEmpty()) {
                        doubt(doubts, "a heredoc opened on a line whose literal goes on");
                    }
                } else {
                    lines.add(new Line(indent, code.toString()));
                    code = new StringBuilder();
                }
                if (!pending.isEmpty()) {
                    heredoc = pending.poll();
                    body = new StringBuilder();
                }
            }
            if (heredoc != null) {
                finishHeredoc(heredoc, body);
                doubt(doubts, "a heredoc without its terminator");
            }
            if (literal != null) {
                doubt(doubts, "a literal that is not closed");
                finish();
            }
            if (code.length() > 0) {
                lines.add(new Line(indent, code.toString()));
            }
        }

        private void finishHeredoc(Heredoc heredoc, StringBuilder body) {
            literals.set(heredoc.index(), body.toString());
            if (heredoc.interpolates()) {
                interpolations(body);
            }
        }

        /** Each {@code #{...}} of a heredoc's body, read for calls that act. */
        private void interpolations(CharSequence body) {
            int i = 0;
            while (i < body.length() - 1) {
                if (body.charAt(i) == '#' && body.charAt(i + 1) == '{') {
                    int depth = 1;
                    int j = i + 2;
                    while (j < body.length() && depth > 0) {
                        char c = body.charAt(j);
                        depth += c == '{' ? 1 : c == '}' ? -1 : 0;
                        j++;
                    }
                    interpolated(body.subSequence(i + 2, j));
                    i = j;
                } else {
                    i++;
                }
            }
        }

        /** Code inside {@code #{...}} runs: a call there that changes the database is one the rules do not see. */
        private void interpolated(CharSequence interpolation) {
            String code = interpolation.toString();
            int i = 0;
            while (i < code.length()) {
                if (isNameChar(code.charAt(i)) && !Character.isDigit(code.charAt(i))) {
                    int j = name(code, i);
                    String word = code.substring(i, j);
                    if (RollbackRules.acts(word)) {
                        doubt(doubts, "calls " + word + " inside a string's #{...}");
                    }
                    i = j;
                } else {
                    i++;
                }
            }
        }

        private void scan(String line) {
            int i = 0;
            int n = line.length();
            while (i < n) {
                if (literal != null) {
                    i = continueLiteral(line, i);
                    continue;
                }
                char c = line.charAt(i);
                char next = i + 1 < n ? line.charAt(i + 1) : 0;
                if (c == '#') {
                    return;
                }
                if (c == '\'' || c == '"' || c == '`') {
                    boolean symbol = endsWith(code, ':') && !endsWith(code, "::") && (code.length() < 2 || !isNameChar(code.charAt(code.length() - 2))
                            && code.charAt(code.length() - 2) != ')' && code.charAt(code.length() - 2) != ']');
                    if (symbol) {
                        code.setLength(code.length() - 1);
                    }
                    literal = new Literal((char) 0, c, c != '\'', symbol ? 'y' : 's');
                    i++;
                    continue;
                }
                int heredoc = c == '<' ? heredocAt(line, i) : 0;
                if (heredoc > 0 && line.charAt(i + 2) != '~' && line.charAt(i + 2) != '-') {
                    // A plain <<ID after a value is Ruby's << (list << FOO): by its locals when after a name.
                    Position at = position(line, i);
                    if (at == Position.OPERATOR) {
                        heredoc = 0;
                    } else if (at == Position.AMBIGUOUS) {
                        doubt(doubts, "a <<ID that starts a heredoc or appends, by what Ruby knows of its locals");
                    }
                }
                if (heredoc > 0) {
                    String opener = line.substring(i, heredoc);
                    StringBuilder id = new StringBuilder();
                    for (int k = 2; k < opener.length(); k++) {
                        if (isNameChar(opener.charAt(k))) {
                            id.append(opener.charAt(k));
                        }
                    }
                    literals.add("");
                    pending.add(new Heredoc(id.toString(), literals.size() - 1, !opener.contains("'")));
                    mark(STRING_MARK, literals.size() - 1);
                    i = heredoc;
                    continue;
                }
                if (c == '?' && next != 0 && !Character.isWhitespace(next)) {
                    Position at = position(line, i);
                    if (at == Position.OPERAND) {
                        int j = next == '\\' ? Math.min(n, i + 3) : i + 2;
                        if (j < n && isNameChar(line.charAt(j)) && isNameChar(line.charAt(j - 1))) {
                            doubt(doubts, "a ? this scanner cannot read");
                        }
                        literals.add(line.substring(i + 1, j));
                        mark(STRING_MARK, literals.size() - 1);
                        i = j;
                        continue;
                    }
                    if (at == Position.AMBIGUOUS) {
                        doubt(doubts, "a ? that is a character literal or a condition, by what Ruby knows of its locals");
                    }
                } else if (c == '/' && next != '=') {
                    Position at = position(line, i);
                    if (at == Position.AMBIGUOUS && next != 0 && !Character.isWhitespace(next)) {
                        doubt(doubts, "a / that starts a regular expression or divides, by what Ruby knows of its locals");
                    } else if (at == Position.OPERAND) {
                        literal = new Literal((char) 0, '/', true, 'r');
                        i++;
                        continue;
                    }
                } else if (c == '%' && next != 0) {
                    int opened = percentLiteral(line, i);
                    Position at = opened > 0 ? position(line, i) : Position.OPERATOR;
                    if (at == Position.AMBIGUOUS && !Character.isWhitespace(next)) {
                        doubt(doubts, "a % that starts a literal or is a remainder, by what Ruby knows of its locals");
                    }
                    if (at != Position.OPERATOR && !(at == Position.AMBIGUOUS && Character.isWhitespace(next))) {
                        i = opened;
                        continue;
                    }
                }
                code.append(c);
                i++;
            }
        }

        /** Opens the {@code %} literal at {@code i} ({@code %w[a b]}, {@code %i(a)}, {@code %q{x}}, {@code %(x)}): where its text starts, or 0. */
        private int percentLiteral(String line, int i) {
            int j = i + 1;
            char type = line.charAt(j);
            if ("qQwWiIrsx".indexOf(type) >= 0 && j + 1 < line.length()) {
                j++;
            } else {
                type = 'Q';
            }
            char open = line.charAt(j);
            if (isNameChar(open) || Character.isWhitespace(open) || open == '=' && type == 'Q' && j == i + 1) {
                return 0;
            }
            char close = switch (open) {
                case '(' -> ')';
                case '[' -> ']';
                case '{' -> '}';
                case '<' -> '>';
                default -> open;
            };
            char kind = switch (type) {
                case 'w', 'W' -> 'w';
                case 'i', 'I' -> 'i';
                case 's' -> 'y';
                case 'r' -> 'r';
                default -> 's';
            };
            literal = new Literal(close == open ? 0 : open, close, "QWIrx".indexOf(type) >= 0, kind);
            return j + 1;
        }

        /** Reads the open literal from {@code i}: to its close (then marks it in the code) or to the line's end. */
        private int continueLiteral(String line, int i) {
            Literal l = literal;
            int n = line.length();
            while (i < n) {
                char c = line.charAt(i);
                char next = i + 1 < n ? line.charAt(i + 1) : 0;
                if (l.interpolation > 0) {
                    l.text.append(c);
                    if (l.nestedQuote != 0) {
                        if (c == '\\' && next != 0) {
                            l.text.append(next);
                            l.interpolated.append(c).append(next);
                            i += 2;
                            continue;
                        }
                        if (c == l.nestedQuote) {
                            l.nestedQuote = 0;
                        } else if (c == '#' && next == '{') {
                            doubt(doubts, "a #{...} inside a #{...}");
                        }
                    } else if (c == '"' || c == '\'') {
                        l.nestedQuote = c;
                    } else if (c == '{') {
                        l.interpolation++;
                    } else if (c == '}' && --l.interpolation == 0) {
                        interpolated(l.interpolated);
                        l.interpolated.setLength(0);
                        i++;
                        continue;
                    } else if (c == '#' || c == '`' || c == '/' || c == '%' || c == '?' && next != 0 && !Character.isWhitespace(next)
                            && !isNameChar(i > 0 ? line.charAt(i - 1) : ' ')) {
                        doubt(doubts, "a #{...} this scanner cannot read");
                    }
                    l.interpolated.append(c);
                    i++;
                    continue;
                }
                if (c == '\\') {
                    if (next != 0) {
                        l.text.append(next);
                    }
                    i += 2;
                    continue;
                }
                if (l.interpolates && c == '#' && next == '{') {
                    l.interpolation = 1;
                    l.text.append("#{");
                    i += 2;
                    continue;
                }
                if (l.open != 0 && c == l.open) {
                    l.nesting++;
                } else if (c == l.close) {
                    if (l.nesting == 0) {
                        i++;
                        if (l.kind == 'r') {
                            while (i < n && Character.isLetter(line.charAt(i))) {
                                i++;
                            }
                        }
                        finish();
                        return i;
                    }
                    l.nesting--;
                }
                l.text.append(c);
                i++;
            }
            return n;
        }

        /** The open literal taken out of the code: its text among the literals, its place (or its items) marked. */
        private void finish() {
            Literal l = literal;
            literal = null;
            if (l.kind == 'w' || l.kind == 'i') {
                code.append('[');
                int word = -1;
                String text = l.text.toString();
                for (int k = 0; k <= text.length(); k++) {
                    boolean space = k == text.length() || Character.isWhitespace(text.charAt(k));
                    if (!space && word < 0) {
                        word = k;
                    } else if (space && word >= 0) {
                        literals.add(text.substring(word, k));
                        mark(l.kind == 'i' ? SYMBOL_MARK : STRING_MARK, literals.size() - 1);
                        code.append(',');
                        word = -1;
                    }
                }
                code.append(']');
                return;
            }
            literals.add(l.text.toString());
            mark(l.kind == 'y' ? SYMBOL_MARK : STRING_MARK, literals.size() - 1);
        }

        private void mark(char mark, int index) {
            code.append(mark).append(index).append(mark);
        }

        /** Where the character at {@code i} stands, by the code before it on its logical line. */
        private Position position(String line, int i) {
            int k = code.length() - 1;
            while (k >= 0 && (code.charAt(k) == ' ' || code.charAt(k) == '\t')) {
                k--;
            }
            if (k < 0) {
                return Position.OPERAND;
            }
            char before = code.charAt(k);
            if (before == ')' || before == ']' || before == '}' || before == STRING_MARK || before == SYMBOL_MARK) {
                return Position.OPERATOR;
            }
            if (!isNameChar(before)) {
                return Position.OPERAND;
            }
            int w = k;
            while (w >= 0 && isNameChar(code.charAt(w))) {
                w--;
            }
            String word = code.substring(w + 1, k + 1);
            if (Character.isDigit(word.charAt(0))) {
                return Position.OPERATOR;
            }
            if (OPERAND_KEYWORDS.contains(word) && (w < 0 || code.charAt(w) != '.')) {
                return Position.OPERAND;
            }
            boolean spaceBefore = i > 0 && Character.isWhitespace(line.charAt(i - 1));
            boolean spaceAfter = i + 1 >= line.length() || Character.isWhitespace(line.charAt(i + 1));
            return spaceBefore && !spaceAfter ? Position.AMBIGUOUS : Position.OPERATOR;
        }

        private static boolean endsWith(CharSequence text, char c) {
            return text.length() > 0 && text.charAt(text.length() - 1) == c;
        }

        private static boolean endsWith(CharSequence text, String suffix) {
            return text.length() >= suffix.length() && text.subSequence(text.length() - suffix.length(), text.length()).toString().equals(suffix);
        }
    }

    // ---- tokens -----------------------------------------------------------------------------------------------

    private static List<Token> tokenize(String code, List<String> literals) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = code.length();
        while (i < n) {
            char c = code.charAt(i);
            if (c == '\n') {
                tokens.add(new Token(Kind.NEWLINE, "\n"));
                i++;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                i++;
            } else if (c == STRING_MARK || c == SYMBOL_MARK) {
                int close = code.indexOf(c, i + 1);
                int index = close < 0 ? -1 : number(code.substring(i + 1, close));
                tokens.add(index >= 0 && index < literals.size() ? new Token(c == STRING_MARK ? Kind.STRING : Kind.SYMBOL, literals.get(index))
                        : new Token(Kind.PUNCT, "?"));
                i = close < 0 ? n : close + 1;
            } else if (c == ':' && i + 1 < n && code.charAt(i + 1) == ':') {
                tokens.add(new Token(Kind.PUNCT, "::"));
                i += 2;
            } else if (c == ':' && i + 1 < n && (isNameChar(code.charAt(i + 1)) && !Character.isDigit(code.charAt(i + 1)))) {
                int j = name(code, i + 1);
                tokens.add(new Token(Kind.SYMBOL, code.substring(i + 1, j)));
                i = j;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < n && (Character.isDigit(code.charAt(j)) || code.charAt(j) == '_' || code.charAt(j) == '.'
                        && j + 1 < n && Character.isDigit(code.charAt(j + 1)))) {
                    j++;
                }
                tokens.add(new Token(Kind.NUMBER, code.substring(i, j)));
                i = j;
            } else if (isNameChar(c)) {
                int j = name(code, i);
                String word = code.substring(i, j);
                if (Character.isUpperCase(c)) {
                    // Gitlab::Database::Migration: one constant.
                    while (j + 2 < n && code.startsWith("::", j) && Character.isUpperCase(code.charAt(j + 2))) {
                        int k = name(code, j + 2);
                        word = word + "::" + code.substring(j + 2, k);
                        j = k;
                    }
                    tokens.add(new Token(Kind.CONST, word));
                } else if (j < n && code.charAt(j) == ':' && (j + 1 >= n || code.charAt(j + 1) != ':')) {
                    tokens.add(new Token(Kind.LABEL, word));
                    j++;
                } else {
                    tokens.add(new Token(Kind.IDENT, word));
                }
                i = j;
            } else if (c == '=' && i + 1 < n && (code.charAt(i + 1) == '>' || code.charAt(i + 1) == '=' || code.charAt(i + 1) == '~')) {
                tokens.add(new Token(Kind.PUNCT, code.substring(i, i + 2)));
                i += 2;
            } else if ((c == '<' && i + 1 < n && code.charAt(i + 1) == '<') || (c == '&' && i + 1 < n && code.charAt(i + 1) == '.')
                    || ((c == '!' || c == '<' || c == '>') && i + 1 < n && code.charAt(i + 1) == '=')) {
                tokens.add(new Token(Kind.PUNCT, code.substring(i, i + 2)));
                i += 2;
            } else {
                tokens.add(new Token(Kind.PUNCT, String.valueOf(c)));
                i++;
            }
        }
        return tokens;
    }

    /** The end of a name from {@code i}: letters, digits, {@code _}, and one {@code ?} or {@code !} at its end. */
    private static int name(String code, int i) {
        int j = i;
        while (j < code.length() && isNameChar(code.charAt(j))) {
            j++;
        }
        if (j < code.length() && (code.charAt(j) == '?' || code.charAt(j) == '!')
                && (j + 1 >= code.length() || code.charAt(j + 1) != '=')) {
            j++;
        }
        return j;
    }

    private static int number(String text) {
        if (text.isEmpty() || text.length() > 9) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return -1;
            }
        }
        return Integer.parseInt(text);
    }

    // ---- definitions and calls --------------------------------------------------------------------------------

    /** Constants, models and their tables, methods, local variables: each from the tokens around it. */
    private void readDefinitions() {
        String model = null;
        boolean statementStart = true;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() == Kind.NEWLINE || t.is(";")) {
                statementStart = true;
                continue;
            }
            if (t.isWord("class") && i + 3 < tokens.size() && tokens.get(i + 1).kind() == Kind.CONST && tokens.get(i + 2).is("<")) {
                String base = tokens.get(i + 3).text();
                model = base.contains("Migration") && !base.contains("MigrationRecord") ? null : tokens.get(i + 1).text();
                if (model != null) {
                    models.put(model, model);
                }
            } else if (t.isWord("self") && model != null && i + 4 < tokens.size() && tokens.get(i + 1).is(".")
                    && tokens.get(i + 2).isWord("table_name") && tokens.get(i + 3).is("=") && tokens.get(i + 4).kind() == Kind.STRING) {
                models.put(model, tokens.get(i + 4).text());
            } else if (t.isWord("def")) {
                readDefinition(i);
            } else if (t.kind() == Kind.CONST && statementStart && i + 2 < tokens.size() && tokens.get(i + 1).is("=")) {
                List<String> values = values(i + 2, Math.min(tokens.size(), i + 2 + ARGUMENT_TOKENS));
                constantValues += values.size();
                constants.put(t.text(), values);
            } else if (t.kind() == Kind.IDENT && statementStart) {
                readAssigned(i);
            } else if (t.is("|")) {
                for (int j = i + 1; j < tokens.size() && j < i + 40 && !tokens.get(j).is("|"); j++) {
                    if (tokens.get(j).kind() == Kind.IDENT) {
                        locals.add(tokens.get(j).text());
                    }
                }
            }
            statementStart = false;
        }
    }

    /** {@code def name(a, b:)} or {@code def self.name a}: the method and its parameters. */
    private void readDefinition(int def) {
        int i = def + 1;
        if (i + 1 < tokens.size() && tokens.get(i).isWord("self") && tokens.get(i + 1).is(".")) {
            i += 2;
        }
        if (i < tokens.size() && (tokens.get(i).kind() == Kind.IDENT || tokens.get(i).kind() == Kind.LABEL)) {
            methods.add(tokens.get(i).text());
        }
        for (int j = i + 1; j < tokens.size() && tokens.get(j).kind() != Kind.NEWLINE && j < i + 60; j++) {
            if (tokens.get(j).kind() == Kind.IDENT || tokens.get(j).kind() == Kind.LABEL) {
                locals.add(tokens.get(j).text());
            }
        }
    }

    /** {@code name = ...} and {@code min, max = ...} at the start of a statement: local variables. */
    private void readAssigned(int first) {
        List<String> names = new ArrayList<>();
        int i = first;
        while (i < tokens.size() && i < first + 40 && tokens.get(i).kind() == Kind.IDENT) {
            names.add(tokens.get(i).text());
            if (i + 1 < tokens.size() && tokens.get(i + 1).is(",")) {
                i += 2;
            } else {
                break;
            }
        }
        Token after = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
        if (after != null && after.kind() == Kind.PUNCT && (after.text().equals("=") || after.text().endsWith("=")
                && after.text().length() == 2 && "+-*/|&".indexOf(after.text().charAt(0)) >= 0)) {
            locals.addAll(names);
        }
    }

    private void readCalls() {
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() != Kind.IDENT || isKeyword(t.text())) {
                continue;
            }
            int dot = i - 1;
            // A chain may go on at the next line after a trailing dot: "relation.\n  where(...)".
            while (dot >= 0 && tokens.get(dot).kind() == Kind.NEWLINE && dot > 0 && isDot(tokens.get(dot - 1))) {
                dot--;
            }
            Token before = dot >= 0 ? tokens.get(dot) : null;
            Token after = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            if (before != null && before.isWord("def")) {
                continue;
            }
            boolean onReceiver = before != null && isDot(before);
            if (!onReceiver && after != null && after.is("=")) {
                continue;
            }
            if (calls.size() == MAX_CALLS) {
                tooManyCalls = true;
                return;
            }
            String receiver = onReceiver ? receiverBefore(dot) : null;
            // A call on what the chain does not name (a number, a literal): on something, never a bare helper.
            calls.add(new Call(onReceiver && receiver == null ? "" : receiver, t.text(), i + 1));
            if (BATCHES.contains(t.text()) && receiver != null) {
                nameBatches(i, receiver.equals("define_batchable_model") ? batchableTable(dot) : models.get(receiver));
            }
        }
    }

    private static boolean isDot(Token t) {
        return t.is(".") || t.is("&.");
    }

    /** The methods that hand a model's rows to a block, a batch at a time. */
    private static final Set<String> BATCHES = Set.of("each_batch", "in_batches", "find_each", "find_in_batches");

    /** {@code Model.each_batch do |relation|}: the block's parameter is the model's table, for the operations' names. */
    private void nameBatches(int call, String table) {
        if (table == null) {
            return;
        }
        for (int i = call + 1; i < tokens.size() - 2 && i < call + ARGUMENT_TOKENS; i++) {
            if ((tokens.get(i).isWord("do") || tokens.get(i).is("{")) && tokens.get(i + 1).is("|")
                    && tokens.get(i + 2).kind() == Kind.IDENT) {
                batches.put(tokens.get(i + 2).text(), table);
                return;
            }
        }
    }

    /** The table of {@code define_batchable_model(:table)} before the dot at {@code dot}. */
    private String batchableTable(int dot) {
        int open = dot - 1 >= 0 && tokens.get(dot - 1).is(")") ? opening(dot - 1) : -1;
        return open >= 0 && open + 1 < tokens.size() && (tokens.get(open + 1).kind() == Kind.SYMBOL
                || tokens.get(open + 1).kind() == Kind.STRING) ? tokens.get(open + 1).text() : null;
    }

    /** What the chain before {@code dot} starts with: a constant or a name (through calls and their parentheses). */
    private String receiverBefore(int dot) {
        int i = dot - 1;
        int steps = 0;
        while (i >= 0 && steps++ < ARGUMENT_TOKENS) {
            Token t = tokens.get(i);
            if (t.is(")") || t.is("]")) {
                i = opening(i) - 1;
                continue;
            }
            if (t.kind() == Kind.IDENT || t.kind() == Kind.CONST) {
                if (i > 0 && (tokens.get(i - 1).is(".") || tokens.get(i - 1).is("&."))) {
                    i -= 2;
                    continue;
                }
                return t.text();
            }
            return t.kind() == Kind.STRING ? "a string" : null;
        }
        return null;
    }

    /** The token opening the bracket that closes at {@code close}, looked for within the argument bound. */
    private int opening(int close) {
        int depth = 0;
        for (int i = close; i >= 0 && i > close - ARGUMENT_TOKENS; i--) {
            Token t = tokens.get(i);
            if (t.is(")") || t.is("]")) {
                depth++;
            } else if (t.is("(") || t.is("[")) {
                if (--depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * A call's arguments from {@code first}: within its parentheses when they follow at once, else to the end of
     * the statement (a line end outside brackets not after a comma, a block, a trailing {@code if}/{@code unless}).
     */
    List<Token> arguments(Call call) {
        return arguments(call.first());
    }

    private List<Token> arguments(int first) {
        List<Token> arguments = new ArrayList<>();
        if (first >= tokens.size()) {
            return arguments;
        }
        boolean parenthesised = tokens.get(first).is("(");
        int depth = 0;
        for (int i = parenthesised ? first + 1 : first; i < tokens.size() && arguments.size() < ARGUMENT_TOKENS; i++) {
            Token t = tokens.get(i);
            if (t.is("(") || t.is("[") || t.is("{")) {
                if (!parenthesised && depth == 0 && t.is("{")) {
                    break;
                }
                depth++;
            } else if (t.is(")") || t.is("]") || t.is("}")) {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (depth == 0 && !parenthesised && (t.kind() == Kind.NEWLINE || t.is(";") || t.isWord("do")
                    || t.isWord("if") || t.isWord("unless") || t.isWord("and") || t.isWord("or"))) {
                Token last = arguments.isEmpty() ? null : arguments.get(arguments.size() - 1);
                if (t.kind() == Kind.NEWLINE && last != null && (last.is(",") || last.is("\\") || last.is("("))) {
                    continue;
                }
                break;
            }
            if (t.kind() != Kind.NEWLINE) {
                arguments.add(t);
            }
        }
        return arguments;
    }

    /** The values of a constant's definition: a symbol, a string, a constant's, or the items of an array. */
    private List<String> values(int from, int to) {
        List<String> values = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Token t = tokens.get(i);
            if (t.kind() == Kind.NEWLINE && (values.isEmpty() || !tokens.get(i - 1).is(","))) {
                break;
            }
            if (t.kind() == Kind.SYMBOL || t.kind() == Kind.STRING) {
                values.add(t.text());
            } else if (t.kind() == Kind.CONST && constants.containsKey(t.text())) {
                List<String> more = constants.get(t.text());
                if (values.size() + more.size() > CONSTANT_VALUES || constantValues + values.size() + more.size() > ALL_CONSTANT_VALUES) {
                    doubt(doubts, "constants that expand past " + CONSTANT_VALUES + " values, or " + ALL_CONSTANT_VALUES + " in all");
                    return values;
                }
                values.addAll(more);
            } else if (t.kind() != Kind.PUNCT && t.kind() != Kind.NEWLINE) {
                return values.isEmpty() ? List.of() : values;
            }
        }
        return values;
    }
}
