//! The smallest useful ratatui app: one paragraph with the number of keys pressed, redrawn
//! after every key; `q` quits. The latency harness (`examples/latency.rs`) uses it as the
//! reference frame time of a ratatui + crossterm app in the same terminal.
//!
//! `cargo run --release --example minimal_ratatui`

use crossterm::event::{self, Event, KeyCode, KeyEventKind};
use ratatui::widgets::{Block, Paragraph};

fn main() -> std::io::Result<()> {
    let mut terminal = ratatui::init();
    let mut keys = 0u64;
    let result = loop {
        let drawn = terminal.draw(|f| {
            let text = format!("keys: {keys}");
            let block = Block::bordered().title(" minimal ratatui ");
            f.render_widget(Paragraph::new(text).block(block), f.area());
        });
        if let Err(e) = drawn {
            break Err(e);
        }
        match event::read() {
            Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => {
                if k.code == KeyCode::Char('q') {
                    break Ok(());
                }
                keys += 1;
            }
            Ok(_) => {}
            Err(e) => break Err(e),
        }
    };
    ratatui::restore();
    result
}
